using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Nereid.Server.Tests.Architecture;

/// <summary>
/// "Internal by default": a type in src/ is public only when another src assembly names it, when a public member of
/// such a type exposes it (the compiler insists), or when it is on <see cref="AllowList"/> with the reason. Test
/// projects and the bench see internals through InternalsVisibleTo and do not count.
/// </summary>
public sealed class PublicSurfaceTests
{
    /// <summary>Public types no other src assembly's metadata references, and why each stays public.</summary>
    private static readonly Dictionary<string, string> AllowList = new(StringComparer.Ordinal)
    {
        // The web host's entry point: WebApplicationFactory<Program> and hosting tools find the app through it.
        ["Program"] = "host entry point",
        // Holders of constants only: the compiler copies a constant into the assembly using it, leaving no type reference.
        ["Nereid.Kubernetes.Projection.ProjectionNames"] = "constants used by the server",
        ["Nereid.Domain.Clusters.NamespaceConditionTypes"] = "constants used by the server",
        ["Nereid.Domain.Clusters.ConditionStatus"] = "constants used by the server",
        ["Nereid.Identity.Oidc.OidcBearerDefaults"] = "constants used by the server",
    };

    private static readonly string[] SrcAssemblyNames =
        ["nereid-server", "Nereid.Domain", "Nereid.Data", "Nereid.Identity", "Nereid.Kubernetes", "nereid"];

    [Fact]
    public void SrcAssemblies_PublicTypes_AreUsedElsewhereInSrcOrAllowListed()
    {
        var assemblies = SrcAssemblyNames.Select(n => Assembly.Load(new AssemblyName(n))).ToList();
        var allowed = ReferencedAcrossAssemblies(assemblies);
        allowed.UnionWith(AllowList.Keys);
        AddExposedTypes(assemblies, allowed);

        var surplus = assemblies.SelectMany(a => a.GetExportedTypes())
            .Select(t => t.FullName!)
            .Where(name => !allowed.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        surplus.ShouldBeEmpty("make these internal (or add one to AllowList with the reason): " + string.Join(", ", surplus));
    }

    [Fact]
    public void AllowList_Entries_ArePublicSrcTypes()
    {
        var exported = SrcAssemblyNames.SelectMany(n => Assembly.Load(new AssemblyName(n)).GetExportedTypes()).Select(t => t.FullName).ToHashSet();

        AllowList.Keys.Where(name => !exported.Contains(name)).ShouldBeEmpty("allow-list entries must name public src types");
    }

    /// <summary>Full names of types that one src assembly's metadata references in another src assembly.</summary>
    private static HashSet<string> ReferencedAcrossAssemblies(IReadOnlyList<Assembly> assemblies)
    {
        var src = assemblies.Select(a => a.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            using var pe = new PEReader(File.OpenRead(assembly.Location));
            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.TypeReferences)
            {
                if (Resolve(metadata, metadata.GetTypeReference(handle)) is ({ } target, var name) && src.Contains(target))
                {
                    referenced.Add(name);
                }
            }
        }
        return referenced;
    }

    /// <summary>The assembly a type reference points into and the type's reflection full name (nested types joined by '+').</summary>
    private static (string? Assembly, string Name) Resolve(MetadataReader metadata, TypeReference reference)
    {
        var name = metadata.GetString(reference.Name);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            var (assembly, outer) = Resolve(metadata, metadata.GetTypeReference((TypeReferenceHandle)scope));
            return (assembly, outer + "+" + name);
        }
        var ns = metadata.GetString(reference.Namespace);
        var full = ns.Length == 0 ? name : ns + "." + name;
        return scope.Kind == HandleKind.AssemblyReference
            ? (metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), full)
            : (null, full);
    }

    /// <summary>
    /// Adds, until nothing changes, the src types that the public surface of an allowed type exposes (base type,
    /// interfaces, signatures of public and protected members): those must be public for the allowed one to be.
    /// </summary>
    private static void AddExposedTypes(IReadOnlyList<Assembly> assemblies, HashSet<string> allowed)
    {
        var exported = assemblies.SelectMany(a => a.GetExportedTypes()).ToDictionary(t => t.FullName!, StringComparer.Ordinal);
        var pending = new Queue<Type>(exported.Values.Where(t => allowed.Contains(t.FullName!)));
        while (pending.TryDequeue(out var type))
        {
            foreach (var exposed in Surface(type).SelectMany(Unwrap))
            {
                if (exposed.FullName is { } name && exported.ContainsKey(name) && allowed.Add(name))
                {
                    pending.Enqueue(exported[name]);
                }
            }
        }
    }

    private static IEnumerable<Type> Surface(Type type)
    {
        const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
            yield return baseType;
        foreach (var contract in type.GetInterfaces())
            yield return contract;
        foreach (var member in type.GetMembers(Members))
        {
            switch (member)
            {
                case FieldInfo { IsPublic: true } or FieldInfo { IsFamily: true } or FieldInfo { IsFamilyOrAssembly: true }:
                    yield return ((FieldInfo)member).FieldType;
                    break;
                case PropertyInfo property when property.GetAccessors(nonPublic: true).Any(Visible):
                    yield return property.PropertyType;
                    break;
                case MethodBase method when Visible(method):
                    if (method is MethodInfo returning)
                        yield return returning.ReturnType;
                    foreach (var parameter in method.GetParameters())
                        yield return parameter.ParameterType;
                    break;
                case EventInfo { EventHandlerType: { } handler } evt when evt.AddMethod is { } add && Visible(add):
                    yield return handler;
                    break;
            }
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    /// <summary>The type itself and every type inside it (array elements, by-ref targets, generic arguments).</summary>
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
                yield return inner;
            yield break;
        }
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
                yield return argument;
            yield return type.GetGenericTypeDefinition();
            yield break;
        }
        yield return type;
    }
}
