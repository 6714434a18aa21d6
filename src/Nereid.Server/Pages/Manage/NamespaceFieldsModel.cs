using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Nereid.Server.Pages.Manage;

/// <summary>What the shared metadata fields partial needs: the form values and the page's ModelState.</summary>
internal sealed class NamespaceFieldsModel(NamespaceForm form, ModelStateDictionary modelState)
{
    public NamespaceForm Form { get; } = form;

    /// <summary>The value typed last time (on a re-rendered form), else the form's value.</summary>
    public string? Value(string field, string? fallback) =>
        modelState.TryGetValue("Input." + field, out var entry) && entry.AttemptedValue is not null ? entry.AttemptedValue : fallback;

    /// <summary>"true" when the field has an error (for aria-invalid), else null so the attribute is left out.</summary>
    public string? Invalid(string field) =>
        modelState.TryGetValue("Input." + field, out var entry) && entry.Errors.Count > 0 ? "true" : null;

    /// <summary>The field's error messages, encoded, in an element screen readers announce.</summary>
    public IHtmlContent Errors(string field)
    {
        if (!modelState.TryGetValue("Input." + field, out var entry) || entry.Errors.Count == 0)
            return HtmlString.Empty;
        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<span class=\"error\" role=\"alert\">");
        builder.Append(string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)));
        builder.AppendHtml("</span>");
        return builder;
    }
}
