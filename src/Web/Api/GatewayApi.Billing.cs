using System.Globalization;

namespace Clearhours.Web.Api;

/// <summary>Billing's invoices and payments (accountants and admins).</summary>
public sealed partial class GatewayApi
{
    public const int BillingPageSize = 50;

    public Task<ApiResult<BillingPage<InvoiceSummary>>> InvoicesAsync(InvoiceFilter filter, CancellationToken cancellationToken = default) =>
        GetAsync<BillingPage<InvoiceSummary>>("api/invoices" + BillingQuery(
            ("status", filter.Status?.ToString()),
            ("companyId", filter.CompanyId?.ToString()),
            ("number", string.IsNullOrWhiteSpace(filter.Number) ? null : filter.Number.Trim()),
            ("page", filter.Page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", BillingPageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<InvoiceCard>> InvoiceAsync(Guid id, CancellationToken cancellationToken = default) =>
        GetAsync<InvoiceCard>($"api/invoices/{id}", cancellationToken);

    public Task<ApiResult<InvoiceCard>> CancelInvoiceAsync(Guid id, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<InvoiceCard>(HttpMethod.Post, $"api/invoices/{id}/cancel", new CancelInvoiceRequest(reason), cancellationToken);

    /// <summary>Issues a cancelled invoice anew: the answer is the new invoice.</summary>
    public Task<ApiResult<InvoiceCard>> ReissueInvoiceAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<InvoiceCard>(HttpMethod.Post, $"api/invoices/{id}/reissue", null, cancellationToken);

    public Task<ApiResult<BillingPage<PaymentView>>> PaymentsAsync(bool unmatchedOnly, int page, CancellationToken cancellationToken = default) =>
        GetAsync<BillingPage<PaymentView>>("api/payments" + BillingQuery(
            ("status", unmatchedOnly ? "unmatched" : null),
            ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("pageSize", BillingPageSize.ToString(CultureInfo.InvariantCulture))), cancellationToken);

    public Task<ApiResult<PaymentReceipt>> RecordPaymentAsync(RecordPaymentRequest payment, CancellationToken cancellationToken = default) =>
        SendAsync<PaymentReceipt>(HttpMethod.Post, "api/payments", payment, cancellationToken);

    public Task<ApiResult<PaymentView>> AssignPaymentAsync(Guid paymentId, Guid invoiceId, CancellationToken cancellationToken = default) =>
        SendAsync<PaymentView>(HttpMethod.Post, $"api/payments/{paymentId}/assign", new AssignPaymentRequest(invoiceId), cancellationToken);

    /// <summary>A bank statement (1C exchange or CSV) in <paramref name="currency"/> (Billing's default when none): each of its lines as Billing took it in.</summary>
    public Task<ApiResult<StatementAnswer>> UploadStatementAsync(Stream file, string fileName, string? currency, CancellationToken cancellationToken = default) =>
        UploadAsync<StatementAnswer>("api/payments/statements" + BillingQuery(("currency", string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant())), file, fileName, "application/octet-stream",
            cancellationToken: cancellationToken);

    private static string BillingQuery(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join("&", given);
    }
}
