using System.Net;
using CsCheck;
using Werkbank.Validation;

namespace Werkbank.Tests.Validation;

/// <summary>The IPv4 range that replaces IPNetwork2's BigInteger Contains in the per-VM checks says the same.</summary>
public sealed class NetworkMathTests
{
    [Fact]
    public void Should_Contain_Exactly_The_Addresses_IPNetwork2_Contains()
    {
        Gen.Select(Gen.UInt, Gen.Int[8, 30], Gen.UInt, Gen.Int[-3, 3]).Sample((seed, prefix, other, offset) =>
        {
            var mask = uint.MaxValue << (32 - prefix);
            var network = IPNetwork2.Parse($"{ToAddress(seed & mask)}/{prefix}");
            var range = NetworkMath.RangeOf(network);
            // Around both ends of the network, and anywhere.
            foreach (var candidate in new[] { (seed & mask) + (uint)offset, (seed | ~mask) + (uint)offset, other })
            {
                var address = ToAddress(candidate);
                Assert.Equal(network.Contains(address), range.Contains(address));
            }
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Should_Not_Contain_An_IPv6_Address()
    {
        Assert.False(NetworkMath.RangeOf(IPNetwork2.Parse("10.0.0.0/8")).Contains(IPAddress.Parse("::ffff:10.0.0.1")));
    }

    private static IPAddress ToAddress(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
}
