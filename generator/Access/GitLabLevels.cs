using Werkbank.Model;

namespace Werkbank.Access;

/// <summary>
/// GitLab access levels from the role's <c>gitlab</c> level: user = Reporter (20), editor = Developer (30),
/// admin = Maintainer (40); a team lead with any access is Maintainer of the team's group. Owner (50) is
/// never handed out by the generator: it stays with the platform's own GitLab admins.
/// </summary>
public static class GitLabLevels
{
    public const int Reporter = 20;
    public const int Developer = 30;
    public const int Maintainer = 40;

    public static int? For(AccessLevel level, bool lead) => level switch
    {
        AccessLevel.None => null,
        _ when lead => Maintainer,
        AccessLevel.User => Reporter,
        AccessLevel.Editor => Developer,
        _ => Maintainer,
    };

    public static string Name(int level) => level switch
    {
        Reporter => "reporter",
        Developer => "developer",
        Maintainer => "maintainer",
        _ => level.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
