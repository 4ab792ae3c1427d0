package io.difyops.rules;

import io.difyops.diag.Rule;
import io.difyops.rules.crossplane.CompositionBase;
import io.difyops.rules.crossplane.CompositionCreateOnly;
import io.difyops.rules.crossplane.CompositionSelector;
import io.difyops.rules.crossplane.PackagePublished;
import io.difyops.rules.environment.BucketUnique;
import io.difyops.rules.environment.EnvironmentRegion;
import io.difyops.rules.crossplane.CompositionPatchPath;
import io.difyops.rules.flux.FluxDependencyCycle;
import io.difyops.rules.flux.ApiServerReachable;
import io.difyops.rules.flux.FluxBootstrap;
import io.difyops.rules.flux.StatefulSafety;
import io.difyops.rules.flux.FluxHealthCondition;
import io.difyops.rules.flux.FluxReference;
import io.difyops.rules.flux.SecretReference;
import io.difyops.load.InputLimit;
import io.difyops.rules.sizing.Capacity;
import io.difyops.rules.sizing.CidrRule;
import io.difyops.rules.sizing.ExternalServices;
import io.difyops.rules.sizing.PlaintextSecret;
import io.difyops.rules.sizing.PluginRegistry;
import io.difyops.rules.sizing.NodeCount;
import io.difyops.rules.sizing.StorageShrink;
import io.difyops.rules.upgrade.BaseMissing;
import io.difyops.rules.upgrade.ChartLockRule;
import io.difyops.rules.upgrade.ChartVersionPinned;
import io.difyops.rules.upgrade.Downgrade;
import io.difyops.rules.upgrade.ImageRegistryRegion;
import io.difyops.rules.upgrade.ImageRepository;
import io.difyops.rules.upgrade.ImageTagFloating;
import io.difyops.rules.upgrade.ImageTagStale;
import io.difyops.rules.upgrade.ValuesUnknownKey;
import io.difyops.rules.upgrade.PolicyChange;
import io.difyops.rules.upgrade.BumpUnfinished;
import io.difyops.rules.upgrade.UpgradePolicyRule;
import io.difyops.rules.upgrade.VersionSkip;
import io.difyops.load.InputUnreadable;
import io.difyops.kustomize.KustomizeBuild;
import io.difyops.load.InternalFailure;
import io.difyops.load.NoInput;
import io.difyops.load.ResourceIdentity;
import io.difyops.load.YamlDuplicateKey;
import io.difyops.load.YamlSyntax;
import io.difyops.rules.schema.CelRule;
import io.difyops.rules.schema.KindRejected;
import io.difyops.rules.schema.MetadataName;
import io.difyops.rules.schema.SchemaMissing;
import io.difyops.rules.schema.SchemaRule;
import io.difyops.rules.schema.SchemaUnreachable;
import io.difyops.rules.schema.SchemasLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every rule, in the order they are listed. Add a new rule here and nowhere else. */
public final class Rules {
    private static final List<Rule> ALL = List.of(
            // reported while files are read
            new YamlSyntax(), new YamlDuplicateKey(), new InputLimit(), new InputUnreadable(), new ResourceIdentity(),
            new NoInput(), new KustomizeBuild(), new InternalFailure(),
            // per resource
            new KindRejected(), new MetadataName(), new SchemaRule(), new SchemaMissing(), new SchemaUnreachable(), new CelRule(),
            new SchemasLock(),
            // Crossplane
            new CompositionPatchPath(), new CompositionBase(), new CompositionCreateOnly(), new CompositionSelector(),
            new PackagePublished(),
            // Flux wiring
            new FluxReference(), new FluxDependencyCycle(), new FluxHealthCondition(), new FluxBootstrap(), new StatefulSafety(), new SecretReference(),
            new ApiServerReachable(),
            // the upgrade gate
            new BaseMissing(), new PolicyChange(), new BumpUnfinished(), new ChartVersionPinned(), new ChartLockRule(), new VersionSkip(), new UpgradePolicyRule(), new Downgrade(), new ImageTagStale(),
            new ImageRepository(), new ImageRegistryRegion(), new ImageTagFloating(), new ValuesUnknownKey(),
            // sizing and wiring
            new NodeCount(), new StorageShrink(), new CidrRule(), new PlaintextSecret(),
            new PluginRegistry(), new ExternalServices(), new Capacity(),
            // environments
            new EnvironmentRegion(), new BucketUnique());

    private Rules() {
    }

    public static List<Rule> all() {
        return ALL;
    }

    public static List<ResourceRule> resourceRules() {
        List<ResourceRule> out = new ArrayList<>();
        for (Rule r : ALL) {
            if (r instanceof ResourceRule rr) {
                out.add(rr);
            }
        }
        return out;
    }

    public static List<RepositoryRule> repositoryRules() {
        List<RepositoryRule> out = new ArrayList<>();
        for (Rule r : ALL) {
            if (r instanceof RepositoryRule rr) {
                out.add(rr);
            }
        }
        return out;
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.info().id().equals(id)).findFirst();
    }

    /** The rules that ask for a schema, which a skipped or schema-less resource does not get. */
    public static boolean needsSchema(Rule r) {
        return r instanceof SchemaRule || r instanceof SchemaMissing || r instanceof SchemaUnreachable || r instanceof CelRule;
    }
}
