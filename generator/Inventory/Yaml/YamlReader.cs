using System.Collections.Immutable;
using Werkbank.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Werkbank.Inventory.Yaml;

/// <summary>
/// Turns YAML text into a <see cref="YamlValue"/> tree with positions, reporting everything that is
/// malformed or out of bounds as diagnostics. Never throws for bad input.
/// </summary>
public sealed class YamlReader
{
    private static readonly HashSet<string> CoreTags = new(StringComparer.Ordinal)
    {
        "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    };

    private readonly string file;
    private readonly YamlLimits limits;
    private readonly List<Diagnostic> diagnostics = [];
    // An anchored node and its size in nodes (aliases count it again, so that nested aliases cannot multiply).
    private readonly Dictionary<string, (YamlValue Value, long Size)> anchors = new(StringComparer.Ordinal);
    private readonly Stack<Mark> open = new();
    private long nodeCount;
    private int aliasUses;

    private YamlReader(string file, YamlLimits limits)
    {
        this.file = file;
        this.limits = limits;
    }

    /// <summary>
    /// Parses one document: with <see cref="BlockYamlReader"/> when the text allows, else with YamlDotNet.
    /// Returns null (with diagnostics) when the file cannot be used at all (a syntax error, a limit);
    /// after a local error (a merge key, a tag, a second document) the rest of the tree is still
    /// returned, so that later stages do not report follow-up errors about it.
    /// </summary>
    public static (YamlValue? Root, IReadOnlyList<Diagnostic> Diagnostics) Read(string file, string text, YamlLimits? limits = null) =>
        BlockYamlReader.TryRead(file, text, limits ?? YamlLimits.Default) is { } fast
            ? (fast, [])
            : ReadWithYamlDotNet(file, text, limits);

    /// <summary>Always with YamlDotNet: the path for everything the fast reader refuses, and the reference it is tested against.</summary>
    internal static (YamlValue? Root, IReadOnlyList<Diagnostic> Diagnostics) ReadWithYamlDotNet(string file, string text, YamlLimits? limits = null)
    {
        var reader = new YamlReader(file, limits ?? YamlLimits.Default);
        var root = reader.ReadStream(text);
        return (root, reader.diagnostics);
    }

    private SourceSpan SpanOf(Mark mark) => new(file, (int)mark.Line, (int)mark.Column);

    private YamlValue? ReadStream(string text)
    {
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, depth: 0, out _);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(DiagnosticBuilder.At(SpanOf(parser.Current!.Start)).MultipleDocuments());
            }

            return root;
        }
        catch (LimitExceededException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some broken flow collections.
            diagnostics.Add(DiagnosticBuilder.At(open.Count > 0 ? SpanOf(open.Peek()) : new SourceSpan(file, 1, 1))
                .YamlSyntax("the YAML parser gave up inside this list or mapping; check for an unclosed '[', '{' or quote"));
            return null;
        }
        catch (YamlException ex)
        {
            // YamlDotNet reports a tab in the indentation where the enclosing node starts; point at the tab itself.
            diagnostics.Add(FirstIndentingTab(text) is { } tab
                ? DiagnosticBuilder.At(tab).TabIndentation()
                : DiagnosticBuilder.At(SpanOf(ex.Start)).YamlSyntax(CleanMessage(ex.Message)));
            return null;
        }
    }

    /// <summary>The first tab in the leading whitespace of a line, if any.</summary>
    private SourceSpan? FirstIndentingTab(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var j = 0; j < line.Length && line[j] is ' ' or '\t'; j++)
            {
                if (line[j] == '\t' && j < line.Length - 1 && line.AsSpan(j).Trim().Length > 0)
                {
                    return new SourceSpan(file, i + 1, j + 1);
                }
            }
        }

        return null;
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 1, Idx: 12) - (...): "; we print our own position.
        var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).Trim();
    }

    private YamlValue ReadNode(IParser parser, int depth, out long size)
    {
        if (parser.Current is null or StreamEnd or DocumentEnd)
        {
            // YamlDotNet ends the event stream inside an unclosed flow collection ('[' or '{') without an error.
            Fail(DiagnosticBuilder.At(open.Count > 0 ? SpanOf(open.Peek()) : new SourceSpan(file, 1, 1))
                .YamlSyntax("the file ends before this list or mapping is closed"));
        }

        if (depth > limits.MaxDepth)
        {
            Fail(DiagnosticBuilder.At(SpanOf(parser.Current!.Start)).NestingTooDeep(limits.MaxDepth));
        }

        if (++nodeCount > limits.MaxNodes)
        {
            Fail(DiagnosticBuilder.At(SpanOf(parser.Current!.Start)).TooManyNodes(limits.MaxNodes));
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            return ResolveAlias(alias, out size);
        }

        if (parser.Current is NodeEvent node && !node.Tag.IsEmpty && !CoreTags.Contains(node.Tag.Value))
        {
            diagnostics.Add(DiagnosticBuilder.At(SpanOf(node.Start)).CustomTagNotSupported(node.Tag.Value));
        }

        YamlValue value;
        string? anchor;
        size = 1;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            value = ReadScalar(scalar);
            anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
        }
        else if (parser.Current is SequenceStart sequenceStart)
        {
            open.Push(sequenceStart.Start); // before MoveNext: the scanner may fail on the next token
            parser.MoveNext();
            var items = ImmutableArray.CreateBuilder<YamlValue>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, depth + 1, out var itemSize));
                size += itemSize;
            }

            open.Pop();

            value = new YamlSequenceValue(SpanOf(sequenceStart.Start), items.ToImmutable());
            anchor = sequenceStart.Anchor.IsEmpty ? null : sequenceStart.Anchor.Value;
        }
        else
        {
            var mappingStart = parser.Current as MappingStart ?? parser.Consume<MappingStart>(); // Consume throws the YamlException for anything else
            open.Push(mappingStart.Start);
            parser.MoveNext();
            value = ReadMapping(parser, mappingStart, depth, out var entriesSize);
            size += entriesSize;
            open.Pop();
            anchor = mappingStart.Anchor.IsEmpty ? null : mappingStart.Anchor.Value;
        }

        if (anchor is not null)
        {
            anchors[anchor] = (value, size);
        }

        return value;
    }

    private YamlScalarValue ReadScalar(Scalar scalar)
    {
        if (scalar.Value.Length > limits.MaxScalarLength)
        {
            Fail(DiagnosticBuilder.At(SpanOf(scalar.Start)).ScalarTooLong(scalar.Value.Length, limits.MaxScalarLength));
        }

        return new YamlScalarValue(SpanOf(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty);
    }

    private YamlMappingValue ReadMapping(IParser parser, MappingStart start, int depth, out long size)
    {
        var entries = ImmutableArray.CreateBuilder<YamlEntry>();
        size = 0;
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = parser.Current!;
            var key = ReadNode(parser, depth + 1, out _);
            var value = ReadNode(parser, depth + 1, out var valueSize);
            size += 1 + valueSize;
            if (key is not YamlScalarValue scalarKey)
            {
                diagnostics.Add(DiagnosticBuilder.At(SpanOf(keyEvent.Start)).ComplexKey());
                continue;
            }

            if (scalarKey.IsPlain && scalarKey.Text == "<<")
            {
                diagnostics.Add(DiagnosticBuilder.At(scalarKey.Span).MergeKeyNotSupported());
                continue;
            }

            entries.Add(new YamlEntry(scalarKey, value));
        }

        return new YamlMappingValue(SpanOf(start.Start), entries.ToImmutable());
    }

    private YamlValue ResolveAlias(AnchorAlias alias, out long size)
    {
        var span = SpanOf(alias.Start);
        if (++aliasUses > limits.MaxAliasUses)
        {
            Fail(DiagnosticBuilder.At(span).TooManyAliases(limits.MaxAliasUses));
        }

        if (!anchors.TryGetValue(alias.Value.Value, out var target))
        {
            Fail(DiagnosticBuilder.At(span).UnknownAlias(alias.Value.Value));
        }

        // An alias shares the anchored subtree; count its size so that nested aliases cannot multiply.
        size = target.Size;
        nodeCount += size;
        if (nodeCount > limits.MaxNodes)
        {
            Fail(DiagnosticBuilder.At(span).TooManyNodes(limits.MaxNodes));
        }

        return target.Value;
    }

    private void Fail(Diagnostic diagnostic)
    {
        diagnostics.Add(diagnostic);
        throw new LimitExceededException();
    }

    private sealed class LimitExceededException : Exception;
}
