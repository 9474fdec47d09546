namespace Werkbank.Targets.CloudInit;

/// <summary>What the cloud-init templates see (snake_case in templates: <c>user_name</c>, <c>ssh_keys</c>, ...).</summary>
public sealed record UserDataView(
    string SourceFile,
    string Hostname,
    string Fqdn,
    string Timezone,
    string Locale,
    string UserName,
    string FullName,
    bool Sudo,
    IReadOnlyList<string> SshKeys,
    IReadOnlyList<WriteFileView> Files,
    IReadOnlyList<EnvironmentView> Environment,
    bool HasLocalServices,
    string State,
    IReadOnlyList<string> CaCertificates);

public sealed record WriteFileView(string Path, string Owner, string Permissions, string Content, bool Defer);

public sealed record EnvironmentView(string Name, string Value);

public sealed record MetaDataView(string InstanceId, string Hostname);

public sealed record NetworkConfigView(string MacAddress, string Address, string Gateway, IReadOnlyList<string> Dns, string Domain);

public sealed record WorkspaceView(
    string FullName,
    string UserName,
    string Role,
    IReadOnlyList<string> Teams,
    string Fqdn,
    string Flavor,
    IReadOnlyList<EnvironmentView> Central,
    IReadOnlyList<EnvironmentView> Local,
    string OllamaUrl,
    IReadOnlyList<string> Models);
