package io.difyops.sizing;

import java.util.Optional;

/** An IPv4 CIDR block: parsing, containment and overlap. */
public record Cidr(long network, int prefix) {
    /** The block, or empty when the text is not an IPv4 CIDR. Host bits are cleared. */
    public static Optional<Cidr> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.trim().split("/");
        if (parts.length != 2) {
            return Optional.empty();
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return Optional.empty();
        }
        try {
            long ip = 0;
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255 || o.isEmpty() || o.length() > 3) {
                    return Optional.empty();
                }
                ip = (ip << 8) | v;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                return Optional.empty();
            }
            return Optional.of(new Cidr(ip & mask(prefix), prefix));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public long first() {
        return network;
    }

    public long last() {
        return network | (~mask(prefix) & 0xFFFFFFFFL);
    }

    /** True when every address of {@code other} is in this block. */
    public boolean contains(Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    public boolean overlaps(Cidr other) {
        return first() <= other.last() && other.first() <= last();
    }

    @Override
    public String toString() {
        return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "." + (network & 255) + "/" + prefix;
    }
}
