using Clearhours.Billing.Model;

namespace Clearhours.Billing.Tests;

public sealed class PaymentReferenceTests
{
    [Theory]
    [InlineData(2026, 1)]
    [InlineData(2026, 42)]
    [InlineData(2027, 999_999)]
    public void A_reference_made_for_an_invoice_is_a_valid_creditor_reference_of_its_year_and_sequence(int year, int sequence)
    {
        var reference = PaymentReference.For(year, sequence);

        Assert.Matches("^RF[0-9]{2}[0-9]{10}$", reference);
        Assert.EndsWith($"{year}{sequence:D6}", reference);
        Assert.True(PaymentReference.IsValid(reference));
    }

    [Fact]
    public void The_check_digits_are_those_of_ISO_11649()
    {
        // The standard's own example.
        Assert.True(PaymentReference.IsValid("RF18 5390 0754 7034"));
        Assert.True(PaymentReference.IsValid("rf18539007547034"));
        Assert.False(PaymentReference.IsValid("RF19 5390 0754 7034"));
    }

    [Fact]
    public void Any_single_mistyped_digit_is_caught()
    {
        var reference = PaymentReference.For(2026, 1043);

        for (var i = 2; i < reference.Length; i++)
        {
            for (var digit = '0'; digit <= '9'; digit++)
            {
                if (digit != reference[i])
                {
                    var typo = reference[..i] + digit + reference[(i + 1)..];
                    Assert.False(PaymentReference.IsValid(typo), typo);
                }
            }
        }
    }

    [Fact]
    public void Two_swapped_neighbouring_digits_are_caught()
    {
        var reference = PaymentReference.For(2026, 1043);

        for (var i = 4; i < reference.Length - 1; i++)
        {
            if (reference[i] != reference[i + 1])
            {
                var swapped = reference[..i] + reference[i + 1] + reference[i] + reference[(i + 2)..];
                Assert.False(PaymentReference.IsValid(swapped), swapped);
            }
        }
    }

    [Fact]
    public void References_are_found_in_a_bank_payments_purpose_with_or_without_spaces_and_typos_are_not()
    {
        var first = PaymentReference.For(2026, 7);
        var second = PaymentReference.For(2026, 8);
        var spaced = string.Join(' ', Enumerable.Range(0, (second.Length + 3) / 4).Select(i => second.Substring(i * 4, Math.Min(4, second.Length - i * 4))));
        var typo = first[..^1] + (first[^1] == '0' ? '1' : '0');
        var purpose = $"Оплата по счёту СЧ-2026-0007, {first.ToLowerInvariant()}; также {spaced}. Ошибочно: {typo}. НДС не облагается.";

        Assert.Equal([first, second], PaymentReference.FindIn(purpose));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("RF")]
    [InlineData("RF1")]
    [InlineData("XX18539007547034")]
    [InlineData("RF18-5390-0754-7034")]
    [InlineData("RF185390075470341234567890")]
    public void Anything_not_shaped_as_a_creditor_reference_is_not_valid(string? text) =>
        Assert.False(PaymentReference.IsValid(text));
}
