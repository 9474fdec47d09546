using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Werkbank.Diagnostics;

namespace Werkbank.Authoring.Remote;

/// <summary>What GitLab answered: the status, the parsed body on success, GitLab's error text otherwise, and X-Next-Page.</summary>
public sealed record GitLabResponse(HttpStatusCode Status, JsonNode? Body, string Error, string? NextPage, int Attempts)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

/// <summary>
/// The one REST v4 client of GitLab (PRIVATE-TOKEN header) shared by the merge-request remote and
/// `apply gitlab`: builds requests, turns network failures into INV0613, parses GitLab's error bodies,
/// follows X-Next-Page, and retries transient failures (5xx, 429, timeouts, dropped connections) with
/// bounded backoff when <paramref name="maxAttempts"/> is above 1. Callers map the other statuses to their own diagnostics.
/// </summary>
public sealed class GitLabApi(HttpClient http, Uri serverUrl, string token, int maxAttempts = 1, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);

    private readonly Func<TimeSpan, CancellationToken, Task> delay = delay ?? Task.Delay;

    public string Name => $"GitLab at {serverUrl.GetLeftPart(UriPartial.Authority)}";

    public Uri ServerUrl => serverUrl;

    public int MaxAttempts => maxAttempts;

    /// <summary>Called before each retry with a one-line reason (for the console).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>0.5 s, 1 s, 2 s, 4 s, ... at most <see cref="MaxDelay"/>.</summary>
    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt - 1, 16)));

    public static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    public async Task<GitLabResponse> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string? failure = null;
            try
            {
                using var message = Request(method, path, body);
                using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!IsTransient(response.StatusCode) || attempt >= maxAttempts)
                {
                    var next = response.Headers.TryGetValues("X-Next-Page", out var values) ? values.FirstOrDefault() : null;
                    return response.IsSuccessStatusCode
                        ? new GitLabResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), string.Empty, string.IsNullOrEmpty(next) ? null : next, attempt)
                        : new GitLabResponse(response.StatusCode, null, ErrorText(text), null, attempt);
                }

                failure = $"{(int)response.StatusCode} {ErrorText(text)}";
            }
            catch (HttpRequestException ex)
            {
                if (attempt >= maxAttempts)
                {
                    throw new RemoteException(DiagnosticBuilder.At(SourceSpan.None).RemoteUnreachable(Name, ex.Message));
                }

                failure = ex.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= maxAttempts)
                {
                    throw new RemoteException(DiagnosticBuilder.At(SourceSpan.None).RemoteUnreachable(Name, "the request timed out"));
                }

                failure = "the request timed out";
            }

            var wait = Backoff(attempt);
            Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{method} {path.Split('?')[0]}: {failure}; attempt {attempt} of {maxAttempts}, retrying in {wait.TotalSeconds:0.0} s"));
            await delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every item of a list endpoint: per_page=100, following X-Next-Page until GitLab names none.</summary>
    public async Task<(List<JsonNode> Items, GitLabResponse? Failed)> GetAllAsync(string path, CancellationToken cancellationToken)
    {
        var items = new List<JsonNode>();
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        string? page = "1";
        while (page is not null)
        {
            var response = await SendAsync(HttpMethod.Get, $"{path}{separator}per_page=100&page={Uri.EscapeDataString(page)}", null, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return (items, response);
            }

            items.AddRange((response.Body as JsonArray ?? []).OfType<JsonNode>());
            page = response.NextPage;
        }

        return (items, null);
    }

    /// <summary>Sends once, without retry and ignoring the answer (best-effort cleanup).</summary>
    public async Task TrySendAsync(HttpMethod method, string path)
    {
        try
        {
            using var message = Request(method, path, null);
            using var response = await http.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // best effort: the network just failed
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body)
    {
        var message = new HttpRequestMessage(method, new Uri(new Uri(serverUrl.ToString().TrimEnd('/') + "/"), path));
        message.Headers.Add("PRIVATE-TOKEN", token);
        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }

        return message;
    }

    /// <summary>GitLab's error body is {"message": ...} (a string, a list or a map of lists) or {"error": ...}.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            var message = node?["message"] ?? node?["error"];
            var text = message switch
            {
                null => body,
                JsonValue value => value.ToString(),
                _ => message.ToJsonString(),
            };
            return OneLine(text);
        }
        catch (JsonException)
        {
            return OneLine(body);
        }
    }

    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length > 200 ? line[..200] + "…" : line.Length == 0 ? "(no details)" : line;
    }
}
