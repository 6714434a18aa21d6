namespace Nereid.KubeDouble.CustomResources;

/// <summary>One <c>additionalPrinterColumns</c> entry of a served version; <see cref="JsonPath"/> is a simple <c>.a.b</c> path.</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description, int Priority, string Format);
