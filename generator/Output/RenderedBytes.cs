using System.Buffers;
using System.Runtime.InteropServices;

namespace Werkbank.Output;

/// <summary>
/// Where the bytes of rendered files live: native memory in chunks of 1 MiB, handed out by each thread
/// from a chunk of its own. A render keeps every file's bytes until out/ is written (10,000 users:
/// ~140 MB); on the GC heap, even pinned, those allocations count against the budget of the large and
/// pinned object heaps, and every time it ran out the collector ran a full, compacting collection of
/// the whole heap (at 10,000 users every collection gave that reason, and these bytes were most of
/// those allocations). Outside the heap they count against nothing (10,000 users, ReadyToRun, tmpfs:
/// -14% CPU; five full collections remain, for other reasons). A chunk is freed when no file refers to it any more (its finalizer, after the
/// collection that found it unreachable). The collector does not see this memory: a process that renders
/// many times (the tests) holds on to it until its next full collection, which its other allocations bring.
/// </summary>
internal static class RenderedBytes
{
    private const int ChunkSize = 1 << 20;

    [ThreadStatic]
    private static Chunk? current;

    /// <summary>Uninitialized memory of <paramref name="length"/> bytes, for one file.</summary>
    public static Memory<byte> Allocate(int length)
    {
        if (length > ChunkSize / 8)
        {
            return new Chunk(length).Take(length); // a large file: a chunk of its own
        }

        var chunk = current;
        if (chunk is null || chunk.Free < length)
        {
            current = chunk = new Chunk(ChunkSize);
        }

        return chunk.Take(length);
    }

    /// <summary>
    /// A file written by a serializer straight into native memory (<see cref="IBufferWriter{T}"/>): the
    /// manifest and the large JSON files never become an array or a string of the whole file.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The chunk becomes the file's bytes; its finalizer frees it, as every chunk's.")]
    public sealed class Writer : IBufferWriter<byte>
    {
        private readonly Chunk chunk = new(64 * 1024);

        private bool done;

        public void Advance(int count)
        {
            ObjectDisposedException.ThrowIf(done, this);
            chunk.Take(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            // Growing may move the chunk: never once a file holds its bytes.
            ObjectDisposedException.ThrowIf(done, this);
            chunk.EnsureFree(Math.Max(sizeHint, 1));
            return chunk.Memory[(chunk.Length - chunk.Free)..];
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        /// <summary>The bytes written so far, to edit in place (<see cref="RenderedText"/>).</summary>
        public Span<byte> WrittenSpan
        {
            get
            {
                ObjectDisposedException.ThrowIf(done, this);
                return chunk.Memory.Span[..(chunk.Length - chunk.Free)];
            }
        }

        /// <summary>Forgets the bytes written after the first <paramref name="length"/>.</summary>
        public void Truncate(int length)
        {
            ObjectDisposedException.ThrowIf(done, this);
            chunk.Truncate(length);
        }

        /// <summary>The bytes written, for the file they become; nothing more can be written after.</summary>
        public Memory<byte> Written
        {
            get
            {
                if (!done)
                {
                    done = true;
                    chunk.TrimExcess(); // the chunk doubled as it grew: up to half of it would stay unused for the render
                }

                return chunk.Memory[..(chunk.Length - chunk.Free)];
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2015", Justification =
        "Files hold Memory slices of a chunk, which keep it reachable; spans are taken only from files that the build still holds (its sink, then its array of files) while they are in use.")]
    private sealed unsafe class Chunk : MemoryManager<byte>
    {
        private byte* pointer;
        private int length;
        private int used;

        public Chunk(int length)
        {
            pointer = (byte*)NativeMemory.Alloc((nuint)Math.Max(1, length));
            this.length = length;
        }

        ~Chunk() => NativeMemory.Free(pointer);

        public int Free => length - used;

        public int Length => length;

        /// <summary>
        /// Room for <paramref name="count"/> more bytes, moving the chunk if need be: only for a chunk that
        /// a <see cref="Writer"/> fills, before any memory of it is handed out for good.
        /// </summary>
        public void EnsureFree(int count)
        {
            if (Free < count)
            {
                if ((long)used + count > Array.MaxLength)
                {
                    throw new InvalidOperationException($"A rendered file cannot be larger than {Array.MaxLength} bytes.");
                }

                var grown = (int)Math.Min(Array.MaxLength, Math.Max((long)length * 2, (long)used + count));
                pointer = (byte*)NativeMemory.Realloc(pointer, (nuint)grown);
                length = grown;
            }
        }

        /// <summary>Gives back the room after the bytes used (for a chunk a <see cref="Writer"/> filled, before its memory is handed out).</summary>
        public void TrimExcess()
        {
            if (Free > 0)
            {
                pointer = (byte*)NativeMemory.Realloc(pointer, (nuint)Math.Max(1, used));
                length = used;
            }
        }

        public void Truncate(int count)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, used);
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            used = count;
        }

        public Memory<byte> Take(int count)
        {
            var memory = Memory.Slice(used, count);
            used += count;
            return memory;
        }

        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex, pinnable: this); // the handle keeps the chunk alive

        public override void Unpin()
        {
        }

        // Files hold slices of the chunk: only the finalizer, when none is left, may free it.
        protected override void Dispose(bool disposing)
        {
        }
    }
}
