using Microsoft.Extensions.Localization;

namespace JobFair.Server.Web;

/// <summary>
/// What is wrong with a submitted form, for <see cref="Components.ErrorSummary"/> (all of them, at
/// the top, each linking to its field) and the fields (their own, next to the input). A field is
/// named by its input's id; a message without a field concerns the whole form.
/// </summary>
public sealed class FormErrors
{
    private readonly List<FormError> _all = [];

    public IReadOnlyList<FormError> All => _all;

    public bool Any => _all.Count > 0;

    public void Add(string? field, string message)
    {
        if (!_all.Contains(new FormError(field, message))) _all.Add(new FormError(field, message));
    }

    /// <summary>
    /// A use case's refusal in the reader's language (<see cref="Refusals.Describe"/>), next to the
    /// field it concerns or, without one, in the summary only.
    /// </summary>
    public void AddRefusal(IStringLocalizer<SiteText> text, string code, string message, string? field = null) =>
        Add(field, text.Describe(code, message));

    /// <summary>
    /// A use case's <see cref="Refusal"/> as the form shows it: each field error of a validation
    /// refusal beside its field (FluentValidation's own messages come in the reader's language, the use
    /// cases' own ones through <see cref="Refusals.Translate"/>; a page names its inputs as the request's
    /// JSON fields), any other refusal by its code.
    /// </summary>
    public void AddRefusal(IStringLocalizer<SiteText> text, Refusal refusal, string? field = null)
    {
        if (refusal.Errors is { Count: > 0 } errors)
        {
            foreach (var (name, messages) in errors)
                foreach (var message in messages) Add(name, text.Translate(message));
            return;
        }
        AddRefusal(text, refusal.Code, refusal.Message, field);
    }

    /// <summary>The first message about this field, or null.</summary>
    public string? For(string field) => _all.FirstOrDefault(e => e.Field == field)?.Message;
}

public sealed record FormError(string? Field, string Message);
