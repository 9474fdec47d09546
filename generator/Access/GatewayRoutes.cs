using System.Collections.Immutable;
using Werkbank.Model;

namespace Werkbank.Access;

/// <summary>One service host at the gateway: who may pass (by role) and where the requests go.</summary>
public sealed record GatewayRoute(string Service, string Host, bool Public, string Upstream, ImmutableArray<RoleModel> Roles);

/// <summary>
/// The routes both gateways (Traefik, Kong) render and the audit expects: one per deployed service except
/// the gateways themselves. Keycloak and services marked <c>public: true</c> have no login in front;
/// every other route admits exactly the roles whose level for the service is above none, and a service
/// that no role may use gets no route at all (default deny).
/// Upstreams: a service on the gateway's own docker host by its compose name, one on another docker host
/// through that host's relay (port 80), one on Kubernetes through the cluster's ingress (host name kept).
/// </summary>
public static class GatewayRoutes
{
    /// <summary>The port the service listens on: the compose files and Helm values use the same table.</summary>
    public static int Port(string service) => ServiceEndpoints.PortOf(service);

    public static ImmutableArray<GatewayRoute> For(PlatformModel model)
    {
        var gatewayHost = model.Service(GatewayName(model))?.HostName;
        return [.. model.Services
            .Where(s => s.Name is not ("traefik" or "kong"))
            .Select(s => new GatewayRoute(
                s.Name,
                model.Fqdn(s.Name),
                s.Public || s.Name == "keycloak",
                Upstream(model, s, gatewayHost),
                [.. model.Roles.Where(r => r.Access.TryGetValue(s.Name, out var grant) && grant.Level != AccessLevel.None)]))
            .Where(r => r.Public || r.Roles.Length > 0)];
    }

    public static string GatewayName(PlatformModel model) => model.Platform.Gateway == GatewayKind.Kong ? "kong" : "traefik";

    private static string Upstream(PlatformModel model, ServiceModel service, string? gatewayHost)
    {
        var host = model.Host(service.HostName);
        if (host.Kind == HostKind.Kubernetes)
        {
            var api = host.Api is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : service.HostName;
            return $"http://{api}:80";
        }

        // On the gateway's own host the compose network reaches the container; another docker host
        // publishes nothing but its relay on port 80, which routes by the Host header the gateway passes on.
        return service.HostName == gatewayHost
            ? $"http://{service.Name}:{Port(service.Name)}"
            : $"http://{host.Address}:80";
    }
}
