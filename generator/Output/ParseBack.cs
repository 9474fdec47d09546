using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Xml;
using Werkbank.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Werkbank.Output;

/// <summary>
/// Every structured file is parsed back after rendering; one that does not parse is a generator bug,
/// reported before anything reaches out/. The real consumers (cloud-init, ansible, ...) check more in the tests.
/// </summary>
public static class ParseBack
{
    public enum Format
    {
        None,
        Json,
        Yaml,
        Xml,
    }

    public static Format FormatOf(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name switch
        {
            "user-data" or "meta-data" or "network-config" => Format.Yaml,
            _ when name.EndsWith(".json", StringComparison.Ordinal) => Format.Json,
            _ when name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) => Format.Yaml,
            _ when name.EndsWith(".xml", StringComparison.Ordinal) => Format.Xml,
            _ => Format.None,
        };
    }

    /// <param name="checkedBefore">
    /// Path to sha256 of the files of the last render in out/ (its manifest). A file with the same bytes
    /// parsed back then (out/ only ever receives renders without errors) and is not parsed again.
    /// </param>
    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<OutputFile> files, int parallelism, IReadOnlyDictionary<string, string>? checkedBefore = null)
    {
        var problems = new ConcurrentBag<Diagnostic>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, file =>
        {
            // The manifest needs every hash: computing them here spreads that work over the threads too (the
            // manifest is made beside this loop, see EarlyStaging.PrepareManifest, and finds most of them done).
            var hash = file.Sha256;
            var unchanged = checkedBefore is not null && checkedBefore.TryGetValue(file.Path, out var sha) && sha == hash;
            if (!unchanged && !file.WellFormedByConstruction && Problem(file) is { } problem)
            {
                problems.Add(DiagnosticBuilder.At(SourceSpan.None).OutputDoesNotParse(file.Path, problem));
            }
        });
        return [.. problems];
    }

    public static string? Problem(OutputFile file)
    {
        try
        {
            switch (FormatOf(file.Path))
            {
                case Format.Json:
                    using (JsonDocument.Parse(file.Bytes))
                    {
                    }

                    break;
                case Format.Yaml:
                    // Decoded into a pooled buffer, not a string: most rendered YAML is certified by the fast
                    // reader, and 10,000 users' files as strings were ~120 MB of garbage.
                    var chars = ArrayPool<char>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxCharCount(file.Bytes.Length));
                    try
                    {
                        var text = chars.AsMemory(0, System.Text.Encoding.UTF8.GetChars(file.Bytes.Span, chars));
                        if (Inventory.Yaml.BlockYamlReader.IsCertainlyWellFormed(text))
                        {
                            break; // the fast reader certifies most rendered YAML; YamlDotNet reads the rest
                        }

                        var parser = new Parser(new StringReader(text.ToString()));
                        while (parser.MoveNext())
                        {
                            if (parser.Current is DocumentEnd)
                            {
                                continue;
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<char>.Shared.Return(chars);
                    }

                    break;
                case Format.Xml:
                    ReadXml(file.Bytes);
                    break;
                case Format.None:
                    break;
            }

            GC.KeepAlive(file); // its bytes were read through spans (see OutputFile.Bytes)
            return null;
        }
        catch (Exception ex) when (ex is JsonException or YamlException or XmlException)
        {
            return ex.Message;
        }
    }

    /// <summary>Reads the XML through to its end, from the file's bytes where they are (no copy: the Guacamole mapping is megabytes).</summary>
    private static unsafe void ReadXml(ReadOnlyMemory<byte> bytes)
    {
        using var pinned = bytes.Pin();
        using var stream = new UnmanagedMemoryStream((byte*)pinned.Pointer, bytes.Length);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (reader.Read())
        {
        }
    }
}
