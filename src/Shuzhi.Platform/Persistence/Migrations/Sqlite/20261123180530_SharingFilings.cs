using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharingFilings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sharing_basis_filings");

            migrationBuilder.DropTable(
                name: "sharing_commissioner_appointments");

            migrationBuilder.DropTable(
                name: "sharing_delegations");

            migrationBuilder.DropTable(
                name: "sharing_reassessments");
        }
    }
}
