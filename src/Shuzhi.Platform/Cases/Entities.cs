using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Shuzhi.Core.Procedures;
using Shuzhi.Core.Time;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Cases;

/// <summary>A procedure case (an application or a matter), numbered "AJ-2026-000123".</summary>
public sealed class Case
{
    public Guid Id { get; set; }
    public required string Number { get; set; }
    public required string CaseType { get; set; }
    public required string Subject { get; set; }
    public required string Title { get; set; }
    /// <summary>"open" or "closed".</summary>
    public string State { get; set; } = CaseStates.Open;
    public string? Outcome { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    /// <summary>The user who opened it (the applicant); <see cref="Guid.Empty"/> for the platform itself.</summary>
    public Guid OpenedById { get; set; }
    public required string OpenedByName { get; set; }
    public Guid? OpenedByOrganisationId { get; set; }
    /// <summary>The organisation that must act on the first step (responsible for the matter).</summary>
    public Guid ResponsibleOrganisationId { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

public static class CaseStates
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>One step of a case, with its clock (01-time.md "Clocks on a case").</summary>
public sealed class Step
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    /// <summary>1, 2, … in the order the steps were started.</summary>
    public int Sequence { get; set; }
    public required string StepType { get; set; }
    public Guid ActingOrganisationId { get; set; }
    /// <summary>Comma-separated <see cref="Role"/> names.</summary>
    public required string ActingRoles { get; set; }
    public required string RuleId { get; set; }
    public required string Citation { get; set; }
    public string? RuleText { get; set; }
    public required string ActingParty { get; set; }

    // The clock.
    public ClockState State { get; set; }
    public DeadlineBasis Basis { get; set; }
    public int? PeriodLength { get; set; }
    public PeriodUnit? PeriodUnit { get; set; }
    public PeriodKind? PeriodKind { get; set; }
    public DateTimeOffset StartAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateOnly? LastDay { get; set; }
    public bool Provisional { get; set; }
    public string? CalendarVersion { get; set; }
    public DateTimeOffset? AnchorAt { get; set; }
    public int? AnchorLength { get; set; }
    public PeriodUnit? AnchorUnit { get; set; }
    public PeriodKind? AnchorKind { get; set; }
    public DateTimeOffset? SuspendedAt { get; set; }
    public int? RemainingLength { get; set; }
    public PeriodUnit? RemainingUnit { get; set; }
    public bool NothingRemaining { get; set; }
    public DateTimeOffset? OverdueAt { get; set; }
    public bool TargetMissed { get; set; }
    public int Breaches { get; set; }
    /// <summary>The last extension: which rule, who, why, to when.</summary>
    public string? ExtensionRuleId { get; set; }
    public string? ExtendedBy { get; set; }
    public string? ExtensionReason { get; set; }
    public DateTimeOffset? ExtendedTo { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? Outcome { get; set; }
    /// <summary>JSON: the extensions since the anchor (periods), and the clock's history.</summary>
    public string ExtensionsJson { get; set; } = "[]";
    public string HistoryJson { get; set; } = "[]";
    /// <summary>Optimistic concurrency: bumped on every change, so two overdue detections cannot both escalate.</summary>
    public int Version { get; set; }

    public IReadOnlyList<Role> ActingRoleSet =>
        ActingRoles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    private static Period? P(int? length, PeriodUnit? unit, PeriodKind? kind = null)
        => length is null || unit is null ? null : new Period(length.Value, unit.Value, kind ?? Core.Time.PeriodKind.Deadline);

    public StepClock Clock => new()
    {
        State = State, Basis = Basis, Period = P(PeriodLength, PeriodUnit, PeriodKind), Start = StartAt,
        Due = DueAt, LastDay = LastDay, Provisional = Provisional, CalendarVersion = CalendarVersion,
        AnchorAt = AnchorAt, AnchorPeriod = P(AnchorLength, AnchorUnit, AnchorKind),
        ExtensionsSinceAnchor = (JsonSerializer.Deserialize<List<Period>>(ExtensionsJson, Json) ?? []).ToImmutableList(),
        SuspendedAt = SuspendedAt, Remaining = P(RemainingLength, RemainingUnit), NothingRemaining = NothingRemaining,
        OverdueAt = OverdueAt, TargetMissed = TargetMissed, Breaches = Breaches, CompletedAt = CompletedAt,
        History = History.ToImmutableList(),
    };

    public IReadOnlyList<ClockChange> History => JsonSerializer.Deserialize<List<ClockChange>>(HistoryJson, Json) ?? [];

    /// <summary>Stores a clock value (after a transition).</summary>
    public void Apply(StepClock c)
    {
        // Instants are stored in UTC (SQLite compares them as numbers, which only orders correctly at one offset).
        static DateTimeOffset? U(DateTimeOffset? x) => x?.ToUniversalTime();
        State = c.State; Basis = c.Basis;
        PeriodLength = c.Period?.Length; PeriodUnit = c.Period?.Unit; PeriodKind = c.Period?.Kind;
        StartAt = c.Start.ToUniversalTime(); DueAt = U(c.Due); LastDay = c.LastDay; Provisional = c.Provisional; CalendarVersion = c.CalendarVersion;
        AnchorAt = U(c.AnchorAt); AnchorLength = c.AnchorPeriod?.Length; AnchorUnit = c.AnchorPeriod?.Unit; AnchorKind = c.AnchorPeriod?.Kind;
        ExtensionsJson = JsonSerializer.Serialize(c.ExtensionsSinceAnchor, Json);
        SuspendedAt = U(c.SuspendedAt); RemainingLength = c.Remaining?.Length; RemainingUnit = c.Remaining?.Unit; NothingRemaining = c.NothingRemaining;
        OverdueAt = U(c.OverdueAt); TargetMissed = c.TargetMissed; Breaches = c.Breaches; CompletedAt = U(c.CompletedAt);
        HistoryJson = JsonSerializer.Serialize(c.History, Json);
        Version++;
    }
}

public static class TimelineKinds
{
    public const string Opened = "opened", Act = "act", Comment = "comment", Attachment = "attachment", Suspended = "suspended",
        Resumed = "resumed", Extended = "extended", Overdue = "overdue", Escalated = "escalated", TargetMissed = "target-missed",
        Recomputed = "recomputed", Closed = "closed";
}

/// <summary>An entry of a case's timeline: an act, a comment, an attachment, a clock change.</summary>
public sealed class TimelineEntry
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid? StepId { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid ActorId { get; set; }
    public required string ActorName { get; set; }
    public Guid? OrganisationId { get; set; }
    public string? OrganisationName { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public Guid? AttachmentId { get; set; }

    /// <summary>The one way to write a timeline entry: by <paramref name="actor"/> (the platform has no organisation id).</summary>
    public static TimelineEntry Of(Actor actor, Guid caseId, Guid? stepId, DateTimeOffset at, string kind, string text, Guid? attachmentId = null) => new()
    {
        Id = Guid.NewGuid(), CaseId = caseId, StepId = stepId, At = at, ActorId = actor.UserId, ActorName = actor.DisplayName,
        OrganisationId = actor.IsSystem ? null : actor.OrganisationId, OrganisationName = actor.OrganisationName,
        Kind = kind, Text = text, AttachmentId = attachmentId,
    };
}

/// <summary>A file on a case (metadata; the bytes are in <see cref="AttachmentContent"/>).</summary>
public sealed class Attachment
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public Guid? StepId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    /// <summary>SM3 of the bytes, lower-case hex.</summary>
    public required string Sm3 { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public Guid UploadedById { get; set; }
    public required string UploadedByName { get; set; }
}

public sealed class AttachmentContent
{
    public Guid AttachmentId { get; set; }
    public required byte[] Bytes { get; set; }
}

/// <summary>
/// A notice to one user (通知). Two kinds: 超期督办 (贵州 art.43, <see cref="Kind"/> "overdue"): one notice per breach to
/// each of the responsible department's head, deputy and data commissioner, unique on (step, breach, recipient), so
/// escalation happens once per breach; and informational notices other modules send through
/// <see cref="ICaseDesk.NotifyAsync"/> (e.g. a stop of supply to the grantees, 贵州 art.24), which carry their own
/// <see cref="Text"/> and <see cref="Link"/> and may have no case or step.
/// </summary>
public sealed class OverdueNotice
{
    public const string OverdueKind = "overdue";

    public Guid Id { get; set; }
    public Guid? StepId { get; set; }
    public Guid? CaseId { get; set; }
    public int Breach { get; set; }
    public Guid RecipientUserId { get; set; }
    public Role Role { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>"overdue", or the sending module's kind, e.g. "sharing.stop.filed".</summary>
    public string Kind { get; set; } = OverdueKind;
    /// <summary>What the notice says (informational notices; overdue notices are described by their step).</summary>
    public string? Text { get; set; }
    /// <summary>Where to look (a web path, e.g. "/sharing/stops").</summary>
    public string? Link { get; set; }
}

/// <summary>A service target for a rule that sets no statutory period (set by the bureau; shown as a target).</summary>
public sealed class ServiceTarget
{
    public required string RuleId { get; set; }
    public int Length { get; set; }
    public PeriodUnit Unit { get; set; }
    public DateTimeOffset SetAt { get; set; }
    public required string SetBy { get; set; }
}

internal sealed class CaseConfig : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => new { c.Subject, c.State });
        b.HasIndex(c => c.OpenedById);
        b.Property(c => c.Number).HasMaxLength(32);
        b.Property(c => c.CaseType).HasMaxLength(100);
        b.Property(c => c.Subject).HasMaxLength(300);
        b.Property(c => c.Title).HasMaxLength(300);
        b.Property(c => c.State).HasMaxLength(16);
        b.Property(c => c.Outcome).HasMaxLength(100);
        b.Property(c => c.OpenedByName).HasMaxLength(100);
    }
}

internal sealed class StepConfig : IEntityTypeConfiguration<Step>
{
    public void Configure(EntityTypeBuilder<Step> b)
    {
        b.ToTable("case_steps");
        b.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.ActingOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.CaseId, s.Sequence }).IsUnique();
        b.HasIndex(s => new { s.ActingOrganisationId, s.State });
        b.HasIndex(s => new { s.State, s.DueAt });
        b.Property(s => s.StepType).HasMaxLength(100);
        b.Property(s => s.ActingRoles).HasMaxLength(300);
        b.Property(s => s.RuleId).HasMaxLength(64);
        b.Property(s => s.Citation).HasMaxLength(300);
        b.Property(s => s.RuleText).HasMaxLength(2000);
        b.Property(s => s.ActingParty).HasMaxLength(64);
        foreach (var p in new[] { nameof(Step.State), nameof(Step.Basis), nameof(Step.PeriodUnit), nameof(Step.PeriodKind),
                     nameof(Step.AnchorUnit), nameof(Step.AnchorKind), nameof(Step.RemainingUnit) })
            b.Property(p).HasConversion<string>().HasMaxLength(32);
        b.Property(s => s.CalendarVersion).HasMaxLength(80);
        b.Property(s => s.ExtensionRuleId).HasMaxLength(64);
        b.Property(s => s.ExtendedBy).HasMaxLength(100);
        b.Property(s => s.ExtensionReason).HasMaxLength(1000);
        b.Property(s => s.CompletedBy).HasMaxLength(100);
        b.Property(s => s.Outcome).HasMaxLength(100);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.ActingRoleSet);
        b.Ignore(s => s.Clock);
        b.Ignore(s => s.History);
    }
}

internal sealed class TimelineEntryConfig : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> b)
    {
        b.ToTable("case_timeline");
        b.HasOne<Case>().WithMany().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.CaseId, t.At });
        b.Property(t => t.ActorName).HasMaxLength(100);
        b.Property(t => t.OrganisationName).HasMaxLength(200);
        b.Property(t => t.Kind).HasMaxLength(32);
        b.Property(t => t.Text).HasMaxLength(4000);
    }
}

internal sealed class AttachmentConfig : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("case_attachments");
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => a.CaseId);
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(128);
        b.Property(a => a.Sm3).HasMaxLength(64);
        b.Property(a => a.UploadedByName).HasMaxLength(100);
    }
}

internal sealed class AttachmentContentConfig : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> b)
    {
        b.ToTable("case_attachment_contents");
        b.HasKey(c => c.AttachmentId);
        b.HasOne<Attachment>().WithOne().HasForeignKey<AttachmentContent>(c => c.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OverdueNoticeConfig : IEntityTypeConfiguration<OverdueNotice>
{
    public void Configure(EntityTypeBuilder<OverdueNotice> b)
    {
        b.ToTable("overdue_notices");
        b.HasOne<Step>().WithMany().HasForeignKey(n => n.StepId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(n => n.RecipientUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.StepId, n.Breach, n.RecipientUserId }).IsUnique();
        b.HasIndex(n => n.RecipientUserId);
        b.Property(n => n.Role).HasConversion<string>().HasMaxLength(32);
        b.Property(n => n.Kind).HasMaxLength(64).HasDefaultValue(OverdueNotice.OverdueKind); // rows from before kinds are overdue notices
        b.Property(n => n.Text).HasMaxLength(2000);
        b.Property(n => n.Link).HasMaxLength(300);
    }
}

internal sealed class ServiceTargetConfig : IEntityTypeConfiguration<ServiceTarget>
{
    public void Configure(EntityTypeBuilder<ServiceTarget> b)
    {
        b.ToTable("service_targets");
        b.HasKey(t => t.RuleId);
        b.Property(t => t.RuleId).HasMaxLength(64);
        b.Property(t => t.Unit).HasConversion<string>().HasMaxLength(32);
        b.Property(t => t.SetBy).HasMaxLength(100);
    }
}
