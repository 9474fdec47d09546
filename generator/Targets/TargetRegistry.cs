using Werkbank.Targets.AccessMatrix;
using Werkbank.Targets.CloudInit;
using Werkbank.Targets.GitLab;
using Werkbank.Targets.Guacamole;
using Werkbank.Targets.Keycloak;
using Werkbank.Targets.Kong;
using Werkbank.Targets.Traefik;

namespace Werkbank.Targets;

/// <summary>Every target the generator renders, in one visible list. Order does not matter: output is sorted by path.</summary>
public static class TargetRegistry
{
    public static IReadOnlyList<ITarget> All { get; } =
    [
        new CloudInitTarget(),
        new KeycloakTarget(),
        new TraefikTarget(),
        new KongTarget(),
        new GuacamoleTarget(),
        new GitLabPlanTarget(),
        new AccessMatrixTarget(),
    ];
}
