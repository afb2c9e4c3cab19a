using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.AlterColumn<Guid>(
                name: "StepId",
                table: "overdue_notices",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<Guid>(
                name: "CaseId",
                table: "overdue_notices",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "overdue_notices",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "overdue");

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "overdue_notices",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "overdue_notices",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            // raw_field_grants becomes data_grants (issue 4): renamed, not dropped, so existing grants are kept.
            migrationBuilder.RenameTable(name: "raw_field_grants", newName: "data_grants");
            migrationBuilder.RenameIndex(name: "IX_raw_field_grants_EntryId_GranteeOrganisationId", table: "data_grants", newName: "IX_data_grants_EntryId_GranteeOrganisationId");
            migrationBuilder.AddColumn<string>(name: "RevokeReason", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<Guid>(name: "ApplicationId", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "Purpose", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "RowFilter", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<DateOnly>(name: "ValidFrom", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<DateOnly>(name: "ValidUntil", table: "data_grants", type: "TEXT", nullable: true);
            migrationBuilder.AddColumn<string>(name: "Delivery", table: "data_grants", type: "TEXT", maxLength: 8, nullable: false, defaultValue: "api");
            migrationBuilder.AddColumn<long>(name: "FirstDeliveredAt", table: "data_grants", type: "INTEGER", nullable: true);

            migrationBuilder.CreateTable(
                name: "sharing_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DelegateOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerName = table.Column<string>(type: "TEXT", nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ApplicantUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    RowFilter = table.Column<string>(type: "TEXT", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Delivery = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReviewReasons = table.Column<string>(type: "TEXT", nullable: true),
                    ReplyText = table.Column<string>(type: "TEXT", nullable: true),
                    ObjectionText = table.Column<string>(type: "TEXT", nullable: true),
                    NegotiationText = table.Column<string>(type: "TEXT", nullable: true),
                    DecisionText = table.Column<string>(type: "TEXT", nullable: true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_basis_filings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    EntryVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FiledBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReassessmentDue = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PreviousFilingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    InForceEntryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_basis_filings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_commissioner_appointments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BureauName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserDisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AppointedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppointedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EndReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ActiveUserId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_commissioner_appointments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_correction_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DataVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    ReporterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReporterName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Rows = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Fields = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CorrectedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_correction_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_delegations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DivisionName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DivisionLevel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DelegateOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DelegateCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DelegateName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FiledBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RevokeReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_delegations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_reassessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FilingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CatalogueChangeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CatalogueCaseNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    OpenEntryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_reassessments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_supply_stops",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BureauName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StopsOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NoticeLastDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Provisional = table.Column<bool>(type: "INTEGER", nullable: false),
                    CalendarVersion = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FiledById = table.Column<Guid>(type: "TEXT", nullable: false),
                    FiledByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Notified = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_supply_stops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supply_demand_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerName = table.Column<string>(type: "TEXT", nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProviderName = table.Column<string>(type: "TEXT", nullable: true),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Progress = table.Column<string>(type: "TEXT", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supply_demand_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    QualityRating = table.Column<int>(type: "INTEGER", nullable: false),
                    Quality = table.Column<string>(type: "TEXT", nullable: false),
                    Usage = table.Column<string>(type: "TEXT", nullable: false),
                    Results = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_feedback", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_grants_ApplicationId",
                table: "data_grants",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_applications_CaseId",
                table: "sharing_applications",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_applications_ConsumerOrganisationId_State",
                table: "sharing_applications",
                columns: new[] { "ConsumerOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_applications_EntryId",
                table: "sharing_applications",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_applications_Number",
                table: "sharing_applications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_applications_ProviderOrganisationId_State",
                table: "sharing_applications",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_basis_filings_EntryId",
                table: "sharing_basis_filings",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_basis_filings_InForceEntryId",
                table: "sharing_basis_filings",
                column: "InForceEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_basis_filings_State_ReassessmentDue",
                table: "sharing_basis_filings",
                columns: new[] { "State", "ReassessmentDue" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_commissioner_appointments_ActiveUserId",
                table: "sharing_commissioner_appointments",
                column: "ActiveUserId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_commissioner_appointments_DivisionCode",
                table: "sharing_commissioner_appointments",
                column: "DivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_commissioner_appointments_OrganisationId",
                table: "sharing_commissioner_appointments",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_correction_reports_CaseId",
                table: "sharing_correction_reports",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_correction_reports_ConsumerOrganisationId_Outcome",
                table: "sharing_correction_reports",
                columns: new[] { "ConsumerOrganisationId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_correction_reports_EntryId",
                table: "sharing_correction_reports",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_correction_reports_ProviderOrganisationId_Outcome",
                table: "sharing_correction_reports",
                columns: new[] { "ProviderOrganisationId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_delegations_ProviderDivisionCode",
                table: "sharing_delegations",
                column: "ProviderDivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_delegations_ProviderOrganisationId_RevokedAt",
                table: "sharing_delegations",
                columns: new[] { "ProviderOrganisationId", "RevokedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_reassessments_CaseId",
                table: "sharing_reassessments",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_reassessments_EntryId",
                table: "sharing_reassessments",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_sharing_reassessments_OpenEntryId",
                table: "sharing_reassessments",
                column: "OpenEntryId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sharing_supply_stops_EntryId_CancelledAt",
                table: "sharing_supply_stops",
                columns: new[] { "EntryId", "CancelledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_supply_stops_ProviderOrganisationId",
                table: "sharing_supply_stops",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_supply_demand_items_ApplicationId",
                table: "supply_demand_items",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supply_demand_items_ConsumerOrganisationId",
                table: "supply_demand_items",
                column: "ConsumerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_supply_demand_items_DivisionCode_State",
                table: "supply_demand_items",
                columns: new[] { "DivisionCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_usage_feedback_GrantId",
                table: "usage_feedback",
                column: "GrantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_grants");

            migrationBuilder.DropTable(
                name: "sharing_applications");

            migrationBuilder.DropTable(
                name: "sharing_basis_filings");

            migrationBuilder.DropTable(
                name: "sharing_commissioner_appointments");

            migrationBuilder.DropTable(
                name: "sharing_correction_reports");

            migrationBuilder.DropTable(
                name: "sharing_delegations");

            migrationBuilder.DropTable(
                name: "sharing_reassessments");

            migrationBuilder.DropTable(
                name: "sharing_supply_stops");

            migrationBuilder.DropTable(
                name: "supply_demand_items");

            migrationBuilder.DropTable(
                name: "usage_feedback");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "overdue_notices");

            migrationBuilder.DropColumn(
                name: "Link",
                table: "overdue_notices");

            migrationBuilder.DropColumn(
                name: "Text",
                table: "overdue_notices");

            migrationBuilder.AlterColumn<Guid>(
                name: "StepId",
                table: "overdue_notices",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CaseId",
                table: "overdue_notices",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "raw_field_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", nullable: false),
                    GranteeName = table.Column<string>(type: "TEXT", nullable: false),
                    GranteeOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raw_field_grants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_raw_field_grants_EntryId_GranteeOrganisationId",
                table: "raw_field_grants",
                columns: new[] { "EntryId", "GranteeOrganisationId" });
        }
    }
}
