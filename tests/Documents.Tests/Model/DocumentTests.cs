using Clearhours.Documents.Model;
using Clearhours.Documents.Tests.Http;
using Clearhours.ServiceDefaults.Api;

namespace Clearhours.Documents.Tests.Model;

public sealed class DocumentTests
{
    private static readonly DocumentSubject Subject = new(Guid.NewGuid(), "R-2026-0007", Guid.NewGuid(), "INV-2026-0001");

    private static readonly AgencyProfile Profile = AgencyProfile.First(Http.AgencyApiTests.Valid(), "admin", ManualClock.Start);

    private static Document Act() =>
        Document.Generated(Subject, DocumentKinds.Act, 1, [1, 2, 3], Profile, "{}", "documents", ManualClock.Start);

    [Fact]
    public void A_generated_act_starts_Generated_with_its_hash_and_name()
    {
        var act = Act();

        Assert.Equal((DocumentStatus.Generated, "Акт R-2026-0007.pdf", 3L, 1),
            (act.Status, act.FileName, act.Size, act.ProfileVersion!.Value));
        Assert.Equal("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81", act.Sha256);
        Assert.Equal(DocumentStatus.Generated, Assert.Single(act.History).Status);
    }

    [Fact]
    public void An_act_goes_Generated_then_SentToClient_then_Signed_and_no_other_way()
    {
        var act = Act();

        Assert.NotNull(act.WhyCannotMoveTo(DocumentStatus.Signed, null, "подписан"));
        act.MarkSent(null, "accountant", ManualClock.Start);
        Assert.NotNull(act.WhyCannotMoveTo(DocumentStatus.SentToClient, null, null));
        Assert.Equal("Say how it was signed: attach the signed scan or write a comment.", act.WhyCannotMoveTo(DocumentStatus.Signed, null, null));
        Assert.Throws<InvalidOperationException>(() => act.MarkSigned(null, null, "accountant", ManualClock.Start));
        var scan = Guid.NewGuid();
        act.MarkSigned(scan, null, "accountant", ManualClock.Start.AddDays(1));

        Assert.Equal((DocumentStatus.Signed, (Guid?)scan), (act.Status, act.SignedScanId));
        Assert.Equal("The act is signed already.", act.WhyCannotMoveTo(DocumentStatus.SentToClient, null, null));
        Assert.Equal([DocumentStatus.Generated, DocumentStatus.SentToClient, DocumentStatus.Signed], act.History.Select(h => h.Status));
    }

    [Fact]
    public void An_attachment_has_no_workflow_and_is_not_drawn_again()
    {
        var attachment = Document.Uploaded(Subject, DocumentKinds.Attachment, @"C:\Users\anna\скан договора.jpeg", "image/png", [1], null,
            "accountant", ManualClock.Start);

        Assert.Equal(("скан договора.png", (DocumentStatus?)null), (attachment.FileName, attachment.Status));
        Assert.NotNull(attachment.WhyCannotMoveTo(DocumentStatus.SentToClient, null, null));
        Assert.NotNull(attachment.WhyNotRegenerable());
    }

    [Fact]
    public void A_regenerated_document_is_the_next_version_with_the_new_profile()
    {
        var next = Profile.Next(Http.AgencyApiTests.Valid() with { Language = "en" }, "admin", ManualClock.Start);

        var second = Act().Regenerated(2, [4, 5], next, "accountant", ManualClock.Start.AddHours(1));

        Assert.Equal((2, 2, "Act R-2026-0007.pdf", DocumentStatus.Generated), (second.Version, second.ProfileVersion!.Value, second.FileName, second.Status));
    }
}

public sealed class AgencyRequisitesTests
{
    [Fact]
    public void Valid_requisites_are_stored_cleaned_with_Russian_by_default()
    {
        var clean = Http.AgencyApiTests.Valid().Cleaned();

        Assert.False(Http.AgencyApiTests.Valid().Check(new FieldErrors()).Any);
        Assert.Equal(("BY86AKBB30120000012345600000", "AKBBBY2X", "#1f6feb", "ru"), (clean.BankAccount, clean.BankBic, clean.AccentColor, clean.Language));
    }

    [Theory]
    [InlineData("BY86AKBB3012000001234560000X!", "#1f6feb", "ru")]
    [InlineData("BY86AKBB30120000012345600000", "#1f6fe", "ru")]
    [InlineData("BY86AKBB30120000012345600000", "#1f6feb", "de")]
    public void Bad_requisites_are_refused(string account, string color, string language)
    {
        var requisites = Http.AgencyApiTests.Valid() with { BankAccount = account, AccentColor = color, Language = language };

        Assert.True(requisites.Check(new FieldErrors()).Any);
        Assert.Throws<ArgumentException>(() => AgencyProfile.First(requisites, "admin", ManualClock.Start));
    }
}
