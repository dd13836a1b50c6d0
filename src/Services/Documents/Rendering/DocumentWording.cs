using System.Globalization;

namespace Clearhours.Documents.Rendering;

/// <summary>
/// What the documents say and how they write numbers and dates, in one language. The culture is always explicit:
/// a server runs in the invariant culture, and «1,234.50» on a Russian invoice is a mistake, not a style.
/// </summary>
internal sealed record DocumentWording
{
    public static readonly DocumentWording Russian = new()
    {
        Culture = CultureInfo.GetCultureInfo("ru-RU"),
        DateFormat = "dd.MM.yyyy",
        Page = "стр. {0} из {1}",
        ReportTitle = "Детализация отчёта № {0}",
        Client = "Клиент",
        Period = "Период",
        PeriodRange = "с {0} по {1}",
        Report = "Отчёт",
        LineNo = "№",
        Task = "Задача",
        WorkType = "Вид работ",
        ActualHours = "Факт, ч",
        BilledHours = "К оплате, ч",
        Rate = "Ставка",
        Amount = "Сумма",
        NonBillable = "Не оплачивается: {0}",
        Adjustments = "Корректировки",
        Description = "Описание",
        Reason = "Причина",
        Totals = "Итоги",
        TotalActualHours = "Фактически затрачено, ч",
        TotalBilledHours = "К оплате, ч",
        TotalNonBillableHours = "Не оплачивается, ч",
        TotalAmount = "Сумма к оплате",
        SnapshotHash = "Хеш утверждённого снимка (SHA-256)",
        Approval = "Утверждено",
        ApprovalRecord = "{0}, {1} UTC",
        InvoiceTitle = "Счёт на оплату № {0} от {1}",
        Supplier = "Поставщик",
        Payer = "Плательщик",
        TaxId = "УНП {0}",
        BankAccount = "р/с {0}",
        Bank = "в {0}",
        Bic = "БИК {0}",
        Basis = "Основание",
        BasisText = "отчёт № {0} за период {1}",
        HoursHeader = "Часы",
        Total = "Итого",
        TotalDue = "Итого к оплате",
        InWords = "Сумма прописью",
        PaymentReference = "Назначение платежа / код",
        DueDate = "Оплатить до",
        NotBilled = "без оплаты",
        ActTitle = "Акт выполненных работ (оказанных услуг) № {0}",
        ActSubtitle = "к счёту № {0} от {1}",
        Contractor = "Исполнитель",
        Customer = "Заказчик",
        ServicePeriod = "Период оказания услуг",
        RenderedInTotal = "Всего оказано услуг на сумму",
        NoClaims = "Вышеперечисленные работы (услуги) выполнены (оказаны) полностью и в срок. " +
            "Заказчик претензий по объёму, качеству и срокам оказания услуг не имеет.",
        Seal = "М.П.",
    };

    public static readonly DocumentWording English = new()
    {
        Culture = CultureInfo.GetCultureInfo("en-GB"),
        DateFormat = "d MMMM yyyy",
        Page = "page {0} of {1}",
        ReportTitle = "Report detail No. {0}",
        Client = "Client",
        Period = "Period",
        PeriodRange = "{0} to {1}",
        Report = "Report",
        LineNo = "No.",
        Task = "Task",
        WorkType = "Work type",
        ActualHours = "Actual, h",
        BilledHours = "Billed, h",
        Rate = "Rate",
        Amount = "Amount",
        NonBillable = "Not billed: {0}",
        Adjustments = "Adjustments",
        Description = "Description",
        Reason = "Reason",
        Totals = "Totals",
        TotalActualHours = "Hours worked",
        TotalBilledHours = "Hours billed",
        TotalNonBillableHours = "Hours not billed",
        TotalAmount = "Amount due",
        SnapshotHash = "Approved snapshot hash (SHA-256)",
        Approval = "Approved",
        ApprovalRecord = "{0}, {1} UTC",
        InvoiceTitle = "Invoice No. {0} dated {1}",
        Supplier = "Supplier",
        Payer = "Payer",
        TaxId = "Tax ID {0}",
        BankAccount = "account {0}",
        Bank = "at {0}",
        Bic = "BIC {0}",
        Basis = "Basis",
        BasisText = "report No. {0} for {1}",
        HoursHeader = "Hours",
        Total = "Total",
        TotalDue = "Total due",
        InWords = "Amount in words",
        PaymentReference = "Payment reference / code",
        DueDate = "Pay by",
        NotBilled = "not billed",
        ActTitle = "Act of completed works (services rendered) No. {0}",
        ActSubtitle = "to invoice No. {0} dated {1}",
        Contractor = "Contractor",
        Customer = "Customer",
        ServicePeriod = "Service period",
        RenderedInTotal = "Services rendered in total",
        NoClaims = "The works (services) listed above have been completed (rendered) in full and on time. " +
            "The Customer has no claims as to their scope, quality or timing.",
        Seal = "L.S.",
    };

    public required CultureInfo Culture { get; init; }
    public required string DateFormat { get; init; }
    public required string Page { get; init; }
    public required string ReportTitle { get; init; }
    public required string Client { get; init; }
    public required string Period { get; init; }
    public required string PeriodRange { get; init; }
    public required string Report { get; init; }
    public required string LineNo { get; init; }
    public required string Task { get; init; }
    public required string WorkType { get; init; }
    public required string ActualHours { get; init; }
    public required string BilledHours { get; init; }
    public required string Rate { get; init; }
    public required string Amount { get; init; }
    public required string NonBillable { get; init; }
    public required string Adjustments { get; init; }
    public required string Description { get; init; }
    public required string Reason { get; init; }
    public required string Totals { get; init; }
    public required string TotalActualHours { get; init; }
    public required string TotalBilledHours { get; init; }
    public required string TotalNonBillableHours { get; init; }
    public required string TotalAmount { get; init; }
    public required string SnapshotHash { get; init; }
    public required string Approval { get; init; }
    public required string ApprovalRecord { get; init; }
    public required string InvoiceTitle { get; init; }
    public required string Supplier { get; init; }
    public required string Payer { get; init; }
    public required string TaxId { get; init; }
    public required string BankAccount { get; init; }
    public required string Bank { get; init; }
    public required string Bic { get; init; }
    public required string Basis { get; init; }
    public required string BasisText { get; init; }
    public required string HoursHeader { get; init; }
    public required string Total { get; init; }
    public required string TotalDue { get; init; }
    public required string InWords { get; init; }
    public required string PaymentReference { get; init; }
    public required string DueDate { get; init; }
    public required string NotBilled { get; init; }
    public required string ActTitle { get; init; }
    public required string ActSubtitle { get; init; }
    public required string Contractor { get; init; }
    public required string Customer { get; init; }
    public required string ServicePeriod { get; init; }
    public required string RenderedInTotal { get; init; }
    public required string NoClaims { get; init; }
    public required string Seal { get; init; }

    public static DocumentWording For(DocumentLanguage language) => language == DocumentLanguage.English ? English : Russian;

    public string Money(decimal amount) => amount.ToString("N2", Culture);

    public string Money(decimal amount, string currency) => $"{Money(amount)} {currency}";

    public string Hours(int minutes) => (minutes / 60m).ToString("N2", Culture);

    public string HoursOf(decimal hours) => hours.ToString("N2", Culture);

    public string Date(DateOnly date) => date.ToString(DateFormat, Culture);

    public string Range(DateOnly from, DateOnly to) => string.Format(Culture, PeriodRange, Date(from), Date(to));

    public string Moment(DateTimeOffset at) =>
        $"{at.UtcDateTime.ToString(DateFormat, Culture)} {at.UtcDateTime.ToString("HH:mm", Culture)}";

    public string Format(string template, params object[] values) => string.Format(Culture, template, values);

    /// <summary>A label and its code that a line never breaks apart («УНП 190123456», «БИК PJCBBY2X»).</summary>
    public string Unbroken(string template, string value) => Format(template, value).Replace(' ', '\u00A0');
}
