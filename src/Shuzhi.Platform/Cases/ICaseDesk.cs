using Shuzhi.Core.Procedures;
using Shuzhi.Platform.Identity;

namespace Shuzhi.Platform.Cases;

/// <summary>
/// The public contract of the Cases module for other modules (catalogue, sharing, …). Methods add to the
/// caller's <see cref="Persistence.ShuzhiDb"/> unit of work and audit what they do; the caller saves once,
/// with its own changes, so the act and its case move together or not at all.
/// </summary>
public interface ICaseDesk
{
    /// <summary>Opens a case whose first step starts now (or at <see cref="OpenCase.Start"/>), with the rule's clock.</summary>
    Task<CaseRef> OpenAsync(Actor actor, OpenCase command, CancellationToken ct);

    /// <summary>Ends the running step of the case (met if in time, else it stays recorded as overdue-then-done), optionally starting the next.</summary>
    Task CompleteStepAsync(Actor actor, Guid caseId, string outcome, string? comment, NextStep? next, CancellationToken ct);

    /// <summary>Extends the running step where the law allows it (e.g. 贵州 art.9 +5 working days), recording who, why and to when.</summary>
    Task ExtendStepAsync(Actor actor, Guid caseId, StatutoryRule extension, string reason, CancellationToken ct);

    /// <summary>Suspends the running step's clock (e.g. returned for correction) / resumes it with the remaining working days.</summary>
    Task SuspendStepAsync(Actor actor, Guid caseId, string reason, CancellationToken ct);
    Task ResumeStepAsync(Actor actor, Guid caseId, string? comment, CancellationToken ct);

    /// <summary>
    /// Starts a further step on an open case that has none awaiting an act — a step the law starts on a later event
    /// (e.g. negotiation on an objection to a refusal, 贵州 art.23(二)). 409 when a step is still open.
    /// </summary>
    Task StartStepAsync(Actor actor, Guid caseId, NextStep step, string? comment, CancellationToken ct);

    /// <summary>Closes the case with an outcome.</summary>
    Task CloseAsync(Actor actor, Guid caseId, string outcome, string? comment, CancellationToken ct);

    /// <summary>Open cases about a subject (e.g. "catalogue-entry:520000-GA-0001").</summary>
    Task<IReadOnlyList<CaseRef>> FindOpenAsync(string subject, CancellationToken ct);

    /// <summary>
    /// Sends an informational notice (shown at /notices, GET /api/v1/notices) to every enabled user of
    /// <paramref name="organisationId"/> holding one of <paramref name="roles"/>; returns who received it. The mechanism
    /// of 超期督办 (贵州 art.43), for other things a party must learn of (e.g. a stop of supply, 贵州 art.24). The caller
    /// audits its act (naming the recipients) and saves.
    /// </summary>
    Task<IReadOnlyList<string>> NotifyAsync(Guid organisationId, IReadOnlyList<Role> roles, NoticeMessage message, CancellationToken ct);
}

/// <param name="Kind">The sender's kind, e.g. "sharing.stop.filed".</param>
/// <param name="Text">What the notice says (zh-CN, with the English where useful).</param>
/// <param name="Link">Where to look, e.g. "/sharing/stops".</param>
/// <param name="CaseId">The case it is about, if any (the notice then links to the case as well).</param>
public sealed record NoticeMessage(string Kind, string Text, string? Link = null, Guid? CaseId = null);

/// <param name="CaseType">e.g. "catalogue.update" (贵州 art.9), "sharing.application".</param>
/// <param name="Subject">What the case is about, e.g. "catalogue-entry:520000-GA-0001".</param>
/// <param name="Title">Shown in inboxes.</param>
/// <param name="FirstStep">The first step.</param>
/// <param name="Start">The triggering event (e.g. the date a law changed); default now.</param>
public sealed record OpenCase(string CaseType, string Subject, string Title, NextStep FirstStep, DateTimeOffset? Start = null);

/// <param name="StepType">e.g. "update-catalogue", "conformity-review".</param>
/// <param name="Rule">The statutory rule that sets the step's clock (its Period may be null: no statutory limit).</param>
/// <param name="ActingOrganisationId">The organisation that must act (its staff see it in their inbox).</param>
/// <param name="ActingRoles">Which roles in that organisation act on it.</param>
public sealed record NextStep(string StepType, StatutoryRule Rule, Guid ActingOrganisationId, IReadOnlyList<Role> ActingRoles);

public sealed record CaseRef(Guid Id, string Number, string CaseType, string Subject, string State);
