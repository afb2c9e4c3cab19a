using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Postgres
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
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AlterColumn<Guid>(
                name: "CaseId",
                table: "overdue_notices",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "overdue_notices",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "overdue");

            migrationBuilder.AddColumn<string>(
                name: "Link",
                table: "overdue_notices",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Text",
                table: "overdue_notices",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sharing_correction_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DataVersion = table.Column<int>(type: "integer", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    ReporterUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReporterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Rows = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Fields = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CorrectedVersion = table.Column<int>(type: "integer", nullable: true),
                    Explanation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_correction_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_supply_stops",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    BureauName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    StopsOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NoticeLastDay = table.Column<DateOnly>(type: "date", nullable: false),
                    Provisional = table.Column<bool>(type: "boolean", nullable: false),
                    CalendarVersion = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FiledById = table.Column<Guid>(type: "uuid", nullable: false),
                    FiledByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Notified = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
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
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CaseId",
                table: "overdue_notices",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
