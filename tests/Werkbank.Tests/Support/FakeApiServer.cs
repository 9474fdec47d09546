using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Werkbank.Tests.Support;

/// <summary>
/// A local HTTP server on 127.0.0.1 (a free port) that records every request and answers from a
/// handler written like the real API: (method, path) -> (status, JSON body).
/// </summary>
public sealed class FakeApiServer : IDisposable
{
    public sealed record Request(string Method, string Path, string Body, string? Token);

    /// <summary>An answer with response headers (e.g. GitLab's X-Next-Page).</summary>
    public sealed record Response(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null);

    private readonly HttpListener listener = new();
    private readonly Func<Request, Response> handler;
    private readonly Task loop;

    public FakeApiServer(Func<Request, (int Status, string Body)> handler)
        : this(r => handler(r) is var (status, body) ? new Response(status, body) : null!)
    {
    }

    public FakeApiServer(Func<Request, Response> handler)
    {
        this.handler = handler;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(Serve);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public ConcurrentQueue<Request> Requests { get; } = new();

    public IEnumerable<string> Calls => Requests.Select(r => $"{r.Method} {r.Path}");

    private async Task Serve()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var token = context.Request.Headers["PRIVATE-TOKEN"] ?? context.Request.Headers["Authorization"];
            var request = new Request(context.Request.HttpMethod, context.Request.RawUrl ?? "/", await reader.ReadToEndAsync(), token);
            Requests.Enqueue(request);
            var (status, body, headers) = handler(request);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                // the client gave up (a timeout test); serve the next request
                context.Response.Abort();
            }
        }
    }

    public void Dispose()
    {
        // Close alone: after Stop, Close removed the prefix a second time, and .NET's managed listener
        // then bound the port again to find it, which failed with "Address already in use" whenever
        // another test's socket had taken the port meanwhile (a flaky GitLabApplyTests run).
        try
        {
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // the port is gone already: nothing is left to close
        }

        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the loop ends with the listener
        }
    }
}
