package io.difyops.testing;

import io.difyops.cli.Main;
import io.difyops.load.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import tools.jackson.databind.JsonNode;

/** Runs the real command line in-process and captures what it prints. */
public final class Cli {
    /** Exit code and both streams of one run. */
    public record Result(int code, String out, String err) {
        public JsonNode json() {
            return Json.parse(out);
        }
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }
}
