using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Instant = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", nullable: false),
                    Organisation = table.Column<string>(type: "TEXT", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: false),
                    ChangeDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_records", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "calendar_years",
                columns: table => new
                {
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    OffDates = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    WorkDates = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Names = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    NoticeReference = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ReplacesShipped = table.Column<bool>(type: "INTEGER", nullable: false),
                    LoadedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LoadedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calendar_years", x => x.Year);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CaseType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    OpenedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OpenedByOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResponsibleOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "organisations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreditCode = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_organisations_organisations_ParentId",
                        column: x => x.ParentId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sequences",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sequences", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "service_targets",
                columns: table => new
                {
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Length = table.Column<int>(type: "INTEGER", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SetBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_targets", x => x.RuleId);
                });

            migrationBuilder.CreateTable(
                name: "case_attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sm3 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_attachments_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_timeline",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_timeline", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_timeline_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    StepType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActingOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActingRoles = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Citation = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    RuleText = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ActingParty = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PeriodLength = table.Column<int>(type: "INTEGER", nullable: true),
                    PeriodUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    StartAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastDay = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Provisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    CalendarVersion = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    AnchorAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnchorLength = table.Column<int>(type: "INTEGER", nullable: true),
                    AnchorUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    AnchorKind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    SuspendedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemainingLength = table.Column<int>(type: "INTEGER", nullable: true),
                    RemainingUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    NothingRemaining = table.Column<bool>(type: "INTEGER", nullable: false),
                    OverdueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TargetMissed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Breaches = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionRuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ExtendedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExtendedTo = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ExtensionsJson = table.Column<string>(type: "TEXT", nullable: false),
                    HistoryJson = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_steps_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_case_steps_organisations_ActingOrganisationId",
                        column: x => x.ActingOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ChangeDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RegisteredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RegisteredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Extended = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ExtendedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalogue_changes_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WithdrawReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalogue_entries_organisations_ProviderOrganisationId",
                        column: x => x.ProviderOrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: true),
                    Disabled = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_users_organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_attachment_contents",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Bytes = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_attachment_contents", x => x.AttachmentId);
                    table.ForeignKey(
                        name: "FK_case_attachment_contents_case_attachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "case_attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_change_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChangeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_change_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalogue_change_entries_catalogue_changes_ChangeId",
                        column: x => x.ChangeId,
                        principalTable: "catalogue_changes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_catalogue_change_entries_catalogue_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "catalogue_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_entry_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ShareType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpenType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Grade = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SearchText = table.Column<string>(type: "TEXT", nullable: false),
                    AuthoritativeItems = table.Column<string>(type: "TEXT", nullable: false),
                    AttributesJson = table.Column<string>(type: "TEXT", nullable: false),
                    HistoryJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewDecision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ReviewReasons = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_entry_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalogue_entry_versions_catalogue_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "catalogue_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalogue_source_conflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OtherEntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OtherEntryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DetectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AuthoritativeEntryCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_source_conflicts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalogue_source_conflicts_catalogue_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "catalogue_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_catalogue_source_conflicts_catalogue_entries_OtherEntryId",
                        column: x => x.OtherEntryId,
                        principalTable: "catalogue_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_api_tokens_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "overdue_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StepId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Breach = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_overdue_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_overdue_notices_case_steps_StepId",
                        column: x => x.StepId,
                        principalTable: "case_steps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_overdue_notices_users_RecipientUserId",
                        column: x => x.RecipientUserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_TokenHash",
                table: "api_tokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_UserId",
                table: "api_tokens",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_PreviousHash",
                table: "audit_records",
                column: "PreviousHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Subject",
                table: "audit_records",
                column: "Subject");

            migrationBuilder.CreateIndex(
                name: "IX_case_attachments_CaseId",
                table: "case_attachments",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_steps_ActingOrganisationId_State",
                table: "case_steps",
                columns: new[] { "ActingOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_case_steps_CaseId_Sequence",
                table: "case_steps",
                columns: new[] { "CaseId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_case_steps_State_DueAt",
                table: "case_steps",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_case_timeline_CaseId_At",
                table: "case_timeline",
                columns: new[] { "CaseId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_Number",
                table: "cases",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_OpenedById",
                table: "cases",
                column: "OpenedById");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Subject_State",
                table: "cases",
                columns: new[] { "Subject", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_change_entries_ChangeId_EntryId",
                table: "catalogue_change_entries",
                columns: new[] { "ChangeId", "EntryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_change_entries_EntryId",
                table: "catalogue_change_entries",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_changes_OrganisationId",
                table: "catalogue_changes",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_entries_Code",
                table: "catalogue_entries",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_entries_ProviderOrganisationId",
                table: "catalogue_entries",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_entry_versions_EntryId_Number",
                table: "catalogue_entry_versions",
                columns: new[] { "EntryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_source_conflicts_EntryId",
                table: "catalogue_source_conflicts",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_source_conflicts_ItemCode_EntryId_OtherEntryId",
                table: "catalogue_source_conflicts",
                columns: new[] { "ItemCode", "EntryId", "OtherEntryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_source_conflicts_OtherEntryId",
                table: "catalogue_source_conflicts",
                column: "OtherEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_organisations_Code",
                table: "organisations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_organisations_ParentId",
                table: "organisations",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_overdue_notices_RecipientUserId",
                table: "overdue_notices",
                column: "RecipientUserId");

            migrationBuilder.CreateIndex(
                name: "IX_overdue_notices_StepId_Breach_RecipientUserId",
                table: "overdue_notices",
                columns: new[] { "StepId", "Breach", "RecipientUserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_OrganisationId",
                table: "users",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_users_Username",
                table: "users",
                column: "Username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "calendar_years");

            migrationBuilder.DropTable(
                name: "case_attachment_contents");

            migrationBuilder.DropTable(
                name: "case_timeline");

            migrationBuilder.DropTable(
                name: "catalogue_change_entries");

            migrationBuilder.DropTable(
                name: "catalogue_entry_versions");

            migrationBuilder.DropTable(
                name: "catalogue_source_conflicts");

            migrationBuilder.DropTable(
                name: "overdue_notices");

            migrationBuilder.DropTable(
                name: "sequences");

            migrationBuilder.DropTable(
                name: "service_targets");

            migrationBuilder.DropTable(
                name: "case_attachments");

            migrationBuilder.DropTable(
                name: "catalogue_changes");

            migrationBuilder.DropTable(
                name: "catalogue_entries");

            migrationBuilder.DropTable(
                name: "case_steps");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "organisations");
        }
    }
}
