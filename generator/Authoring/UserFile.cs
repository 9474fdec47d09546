using System.Text.RegularExpressions;
using Werkbank.Inventory;
using Werkbank.Output;

namespace Werkbank.Authoring;

/// <summary>The answers of the new-user wizard (or its flags). Null flavor/local: the role's defaults.</summary>
public sealed record NewUser(
    string Name,
    string FullName,
    string Email,
    string Role,
    IReadOnlyList<string> Teams,
    string? Flavor,
    int Gpus,
    IReadOnlyList<string>? Local,
    IReadOnlyList<string> SshKeys);

/// <summary>Writes and edits users/&lt;name&gt;.yaml: new files through YamlText, edits as small text changes that keep comments.</summary>
public static partial class UserFile
{
    [GeneratedRegex(@"^state:[^\n]*\n?", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex StateLine();

    public static string Render(NewUser user)
    {
        var map = YamlText.Map();
        map["full_name"] = user.FullName;
        map["email"] = user.Email;
        map["role"] = user.Role;
        map["teams"] = user.Teams.Order(StringComparer.Ordinal).ToList();
        map["ssh_keys"] = user.SshKeys.ToList();
        if (user.Flavor is not null || user.Gpus > 0)
        {
            var vm = YamlText.Map();
            if (user.Flavor is { } flavor)
            {
                vm["flavor"] = flavor;
            }

            if (user.Gpus > 0)
            {
                vm["gpus"] = user.Gpus;
            }

            map["vm"] = vm;
        }

        if (user.Local is { } local)
        {
            map["local"] = local.Order(StringComparer.Ordinal).ToList();
        }

        return YamlText.Serialize(map, InventoryFiles.SchemaLine(InventoryFiles.UserFile(user.Name)));
    }

    /// <summary>The file with its top-level <c>state:</c> set (replaced in place, or appended).</summary>
    public static string WithState(string text, string state)
    {
        var line = $"state: {state}\n";
        if (StateLine().IsMatch(text))
        {
            return StateLine().Replace(text, line, 1);
        }

        return (text.Length == 0 || text.EndsWith('\n') ? text : text + "\n") + line;
    }
}
