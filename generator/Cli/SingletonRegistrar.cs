using System.Diagnostics.CodeAnalysis;
using Spectre.Console.Cli;

namespace Werkbank.Cli;

/// <summary>
/// The smallest type registrar Spectre.Console.Cli needs: registered instances and implementations
/// by service type (several per service, resolvable as IEnumerable&lt;T&gt;), anything else constructed on demand.
/// </summary>
internal sealed class SingletonRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, List<Func<object>>> registrations = [];

    public void Register(Type service, Type implementation) => Add(service, () => Construct(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory)
    {
        var lazy = new Lazy<object>(factory);
        Add(service, () => lazy.Value);
    }

    public ITypeResolver Build() => new Resolver(this);

    private void Add(Type service, Func<object> factory)
    {
        if (!registrations.TryGetValue(service, out var list))
        {
            registrations[service] = list = [];
        }

        list.Add(factory);
    }

    // Spectre asks for sequences of its own interfaces: arrays of reference types share their native code.
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Arrays of reference types only; NativeBuildTests runs the commands.")]
    private object? Resolve(Type type)
    {
        if (registrations.TryGetValue(type, out var factories))
        {
            return factories[^1]();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            var item = type.GetGenericArguments()[0];
            var found = registrations.TryGetValue(item, out var all) ? all.Select(f => f()).ToArray() : [];
            var array = Array.CreateInstance(item, found.Length);
            Array.Copy(found, array, found.Length);
            return array;
        }

        return type.IsAbstract || type.IsInterface ? null : Construct(type);
    }

    private object Construct(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return constructor.Invoke([.. constructor.GetParameters().Select(p => Resolve(p.ParameterType))]);
    }

    private sealed class Resolver(SingletonRegistrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type) => type is null ? null : registrar.Resolve(type);
    }
}
