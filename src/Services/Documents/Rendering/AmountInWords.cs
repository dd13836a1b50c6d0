namespace Clearhours.Documents.Rendering;

/// <summary>
/// Money in words, as invoices and acts print it: «Одна тысяча двести тридцать четыре белорусских рубля 50 копеек».
/// </summary>
public static class AmountInWords
{
    public static string Of(decimal amount, string currency, DocumentLanguage language) => throw new NotImplementedException();
}
