using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharingStops : Migration
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
                name: "IX_sharing_supply_stops_EntryId_CancelledAt",
                table: "sharing_supply_stops",
                columns: new[] { "EntryId", "CancelledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_supply_stops_ProviderOrganisationId",
                table: "sharing_supply_stops",
                column: "ProviderOrganisationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sharing_correction_reports");

            migrationBuilder.DropTable(
                name: "sharing_supply_stops");

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
        }
    }
}
