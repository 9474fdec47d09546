namespace Werkbank.Diagnostics;

/// <summary>INV01xx: names, references between inventory objects, and well-formed values.</summary>
public readonly partial struct At
{
    private static string Known(IEnumerable<string> known)
    {
        var list = known.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "There are none defined." : $"Known: {string.Join(", ", list)}.";
    }

    public Diagnostic InvalidName(string kind, string name) =>
        Error("INV0101", $"'{name}' is not a valid {kind} name",
            "Names are slugs: a lowercase letter, then up to 30 lowercase letters, digits or '-', not ending in '-'.");

    public Diagnostic UnknownRole(string role, IEnumerable<string> known) =>
        Error("INV0102", $"unknown role '{role}'{Suggest.DidYouMean(role, known)}", Known(known));

    public Diagnostic UnknownTeam(string team, IEnumerable<string> known) =>
        Error("INV0103", $"unknown team '{team}'{Suggest.DidYouMean(team, known)}", Known(known));

    public Diagnostic UnknownUser(string user, IEnumerable<string> known) =>
        Error("INV0104", $"unknown user '{user}'{Suggest.DidYouMean(user, known)}", Known(known));

    public Diagnostic UnknownHost(string host, IEnumerable<string> known) =>
        Error("INV0105", $"unknown host '{host}'{Suggest.DidYouMean(host, known)}", Known(known));

    public Diagnostic WrongHostKind(string host, string kind, string expected) =>
        Error("INV0106", $"host '{host}' is of kind {kind}, but {expected} is needed here");

    public Diagnostic UnknownService(string service, IEnumerable<string> known) =>
        Error("INV0107", $"unknown service '{service}'{Suggest.DidYouMean(service, known)}", Known(known));

    public Diagnostic LocalServiceNotAllowed(string service, string role, IEnumerable<string> allowed) =>
        Error("INV0108", $"local service '{service}' is not allowed by role '{role}'",
            $"The role allows: {(allowed.Any() ? string.Join(", ", allowed) : "no local services")}.");

    public Diagnostic UnknownFlavor(string flavor, IEnumerable<string> known) =>
        Error("INV0109", $"unknown flavor '{flavor}'{Suggest.DidYouMean(flavor, known)}", Known(known));

    public Diagnostic GpusNotAllowed(string role) =>
        Error("INV0110", $"role '{role}' does not allow passthrough GPUs", "Set 'gpu: true' on the role, or remove vm.gpus.");

    public Diagnostic InvalidEmail(string email) =>
        Error("INV0111", $"'{email}' is not a valid email address", "Write it as name@example.com, without display name or angle brackets.");

    public Diagnostic InvalidSshKey(string reason) =>
        Error("INV0112", $"invalid SSH public key: {reason}", "Paste one line of ~/.ssh/id_ed25519.pub: '<type> <base64> [comment]'.");

    public Diagnostic InvalidCidr(string value, string reason) =>
        Error("INV0113", $"'{value}' is not a usable IPv4 network: {reason}", "Write it as address/prefix, e.g. 10.40.0.0/16.");

    public Diagnostic GatewayOutsideNetwork(string gateway, string cidr) =>
        Error("INV0114", $"gateway {gateway} is not inside {cidr}");

    public Diagnostic InvalidAddress(string value) =>
        Error("INV0115", $"'{value}' is not a valid IPv4 address");

    public Diagnostic InvalidAccessLevel(string level) =>
        Error("INV0116", $"'{level}' is not an access level{Suggest.DidYouMean(level, ["none", "user", "editor", "admin"])}",
            "Allowed values: none, user, editor, admin.");

    public Diagnostic DuplicateEmail(string email, string otherUser) =>
        Error("INV0117", $"email '{email}' is already used by user '{otherUser}'", "Keycloak logs users in by email; each must be unique.");

    public Diagnostic LeadNotMember(string user, string team) =>
        Warning("INV0118", $"lead '{user}' is not a member of team '{team}'", $"Add '{team}' to the teams of users/{user}.yaml.");

    public Diagnostic ListedTwice(string value) =>
        Error("INV0119", $"'{value}' is listed twice");

    public Diagnostic NotALocalService(string service, IEnumerable<string> localCatalog) =>
        Error("INV0120", $"'{service}' cannot run inside a VM", $"Local services: {string.Join(", ", localCatalog)}.");

    public Diagnostic NotEnoughHostGpus(string host, int asked, int available) =>
        Error("INV0121", $"{asked} GPUs asked, but host '{host}' has {available}");

    public Diagnostic HostIncomplete(string host, string kind, string key) =>
        Error("INV0122", $"host '{host}' of kind {kind} needs '{key}'");

    public Diagnostic InvalidFullName(string reason) =>
        Error("INV0123", $"invalid full name: {reason}");

    public Diagnostic DuplicateGpu(string pci, string host) =>
        Error("INV0124", $"GPU {pci} is listed twice on host '{host}'");

    public Diagnostic NoFlavors() =>
        Error("INV0125", "no VM flavors are defined", "Define at least one under 'flavors'.");

    public Diagnostic InvalidDomain(string domain) =>
        Error("INV0126", $"'{domain}' is not a valid DNS domain", "Lowercase labels of letters, digits and '-', separated by dots, e.g. acme.internal.");

    public Diagnostic InvalidTimezoneOrLocale(string what, string value, string example) =>
        Error("INV0127", $"'{value}' is not a valid {what}", $"For example: {example}.");

    public Diagnostic InvalidRateLimit(int value) =>
        Error("INV0128", $"rate limit {value} must be a positive number of requests per minute");

    public Diagnostic KeyOnlyForService(string key, string service) =>
        Error("INV0129", $"'{key}' applies only to {service}");

    public Diagnostic RequiredServiceMissing(string service, string why) =>
        Error("INV0130", $"service '{service}' is not deployed, but {why}", $"Add '{service}: {{ on: <host> }}' to services.yaml.");

    public Diagnostic UnknownWorkflow(string workflow, IEnumerable<string> known) =>
        Error("INV0131", $"unknown workflow '{workflow}'{Suggest.DidYouMean(workflow, known)}", Known(known));

    public Diagnostic DnsNameCollision(string name, string other) =>
        Error("INV0132", $"the DNS name '{name}' is also used by {other}", "Service, host and '<user>-ws' names share one DNS zone.");

    public Diagnostic ReservedName(string name) =>
        Error("INV0133", $"'{name}' is reserved on Linux or by the platform", "Choose another user name.");

    public Diagnostic InvalidCollectionName(string name) =>
        Error("INV0134", $"'{name}' is not a valid collection name", "Collections are slugs, like names.");

    public Diagnostic InvalidText(string what, string reason) =>
        Error("INV0135", $"{what} {reason}");
}
