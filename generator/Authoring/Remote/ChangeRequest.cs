using System.Collections.Immutable;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring.Remote;

public enum FileAction
{
    Create,
    Update,
    Delete,
}

/// <summary>One file of the commit, by repository-relative path (forward slashes).</summary>
public sealed record FileChange(string Path, FileAction Action, byte[]? Content);

/// <summary>Everything a merge request needs: a new branch with one commit, and its title and description.</summary>
public sealed record ChangeRequest(string Branch, string Title, string Description, ImmutableArray<FileChange> Files)
{
    public string CommitMessage => Title;
}

/// <summary>A remote that opens merge (pull) requests. Either everything is done, or nothing is left on the remote.</summary>
public interface IChangeRequestRemote
{
    /// <summary>Shown in messages: "GitLab at https://gitlab.acme.example".</summary>
    string Name { get; }

    /// <summary>The web URL of the opened merge request; throws <see cref="RemoteException"/> with a one-line diagnostic.</summary>
    Task<string> OpenAsync(ChangeRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A remote call failed; <see cref="Diagnostic"/> says why in one line (INV061x).</summary>
public sealed class RemoteException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
