using System.Text.Json.Nodes;
using Werkbank.Tests.Support;

namespace Werkbank.Tests.Targets.Keycloak;

public sealed class KeycloakTargetTests
{
    private static JsonObject Realm() => JsonNode.Parse(AccessFiles.Example("keycloak/realm-acme.json"))!.AsObject();

    private static JsonObject? User(JsonObject realm, string name) =>
        realm["users"]!.AsArray().Select(u => u!.AsObject()).SingleOrDefault(u => (string?)u["username"] == name);

    [Fact]
    public void Should_Type_Check_Against_Keycloaks_RealmRepresentation()
    {
        var result = AccessFiles.Check("check-keycloak-realm.mjs", "realm-acme.json", AccessFiles.Example("keycloak/realm-acme.json"));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Should_Fail_The_Type_Check_With_A_Misspelt_Field()
    {
        // The control: the checker really rejects an unknown field in a user.
        var bad = AccessFiles.Example("keycloak/realm-acme.json").Replace("\"emailVerified\"", "\"emailVerifed\"", StringComparison.Ordinal);
        var result = AccessFiles.Check("check-keycloak-realm.mjs", "realm-acme.json", bad);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("emailVerifed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Type_Check_The_Kong_Realm_Too()
    {
        var result = AccessFiles.Check("check-keycloak-realm.mjs", "realm-tiny.json", AccessFiles.KongExample("keycloak/realm-tiny.json"));
        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void Should_Disable_Suspended_Users()
    {
        var realm = Realm();
        Assert.Equal(false, (bool?)User(realm, "ifernandez")!["enabled"]);
        Assert.Equal(true, (bool?)User(realm, "sdubois")!["enabled"]);
        Assert.NotEmpty(User(realm, "ifernandez")!["realmRoles"]!.AsArray());
    }

    [Fact]
    public void Should_Disable_Removed_Users_And_Empty_Their_Roles_And_Groups()
    {
        // keycloak-config-cli never deletes a user missing from the file: left out, hschmidt would keep
        // an enabled account with all its roles. Its lists replace the account's roles and groups.
        var removed = User(Realm(), "hschmidt")!;
        Assert.Equal(false, (bool?)removed["enabled"]);
        Assert.Empty(removed["realmRoles"]!.AsArray());
        Assert.Empty(removed["groups"]!.AsArray());
        Assert.Null(removed["email"]);
    }

    [Fact]
    public void Should_Disable_A_User_Whose_File_Was_Deleted_But_Whose_Tombstone_Is_In_The_Ledger()
    {
        using var temp = new TempDir();
        TempDir.CopyTree(Repo.ExampleInventory, temp.Path);
        File.Delete(temp.Combine("users", "mrossi.yaml")); // an active user, deleted outright
        var build = TestRender.Build(temp.Path);
        Assert.False(build.HasErrors, string.Join("\n", build.Diagnostics.Select(d => d.Format("inventory"))));
        var realm = JsonNode.Parse(build.Files.Single(f => f.Path == "keycloak/realm-acme.json").Content)!.AsObject();
        var deleted = User(realm, "mrossi")!;
        Assert.Equal(false, (bool?)deleted["enabled"]);
        Assert.Empty(deleted["realmRoles"]!.AsArray());
        Assert.Empty(deleted["groups"]!.AsArray());
    }

    [Fact]
    public void Should_Give_Users_No_Required_Actions()
    {
        // A required action in the file is set again by every apply: UPDATE_PASSWORD there made everyone
        // who had chosen a password choose another after each merge.
        var users = Realm()["users"]!.AsArray();
        Assert.NotEmpty(users);
        Assert.All(users, u => Assert.Null(u!["requiredActions"]));
    }

    [Fact]
    public void Should_Write_No_Ids_And_No_Credentials()
    {
        var text = AccessFiles.Example("keycloak/realm-acme.json");
        Assert.DoesNotContain("\"id\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"credentials\"", text, StringComparison.Ordinal);
        var secrets = Realm()["clients"]!.AsArray().Select(c => (string?)c!["secret"]).Where(s => s is not null).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.Matches(@"^\$\{KEYCLOAK_CLIENT_SECRET_[A-Z0-9_]+\}$", s));
    }

    [Fact]
    public void Should_Put_Leads_In_The_Leads_Subgroup_And_Compose_Roles_From_Levels()
    {
        var realm = Realm();
        var lead = User(realm, "lmueller")!;
        Assert.Equal(["/data-science", "/data-science/leads"], lead["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal(["developer"], lead["realmRoles"]!.AsArray().Select(g => (string?)g));
        var developer = realm["roles"]!["realm"]!.AsArray().Single(r => (string?)r!["name"] == "developer")!;
        Assert.Contains("qdrant:editor", developer["composites"]!["realm"]!.AsArray().Select(r => (string?)r));
        Assert.True((bool?)realm["bruteForceProtected"]);
        Assert.True((bool?)realm["loginWithEmailAllowed"]);
    }

    [Fact]
    public void Should_Give_Each_Web_Login_Service_A_Client_With_Its_Own_Redirects()
    {
        var clients = Realm()["clients"]!.AsArray().Select(c => c!.AsObject()).ToList();
        var webui = clients.Single(c => (string?)c["clientId"] == "open-webui");
        Assert.Equal(["https://open-webui.acme.internal/*"], webui["redirectUris"]!.AsArray().Select(u => (string?)u));
        Assert.Equal(["groups", "realm roles", "audience"], webui["protocolMappers"]!.AsArray().Select(m => (string?)m!["name"]));
        Assert.Contains(clients, c => (string?)c["clientId"] == "oauth2-proxy");
        Assert.DoesNotContain(clients, c => (string?)c["clientId"] == "ollama");
    }
}
