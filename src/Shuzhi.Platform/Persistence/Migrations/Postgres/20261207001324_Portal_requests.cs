using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Portal_requests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RequestId",
                table: "supply_demand_items",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "portal_data_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequesterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequesterOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    EntryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DepartmentOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    DepartmentName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    BureauOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    BureauName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Routing = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RoutedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DatasetCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_data_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_objections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DataVersion = table.Column<int>(type: "integer", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Rows = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_objections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_ratings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stars = table.Column<int>(type: "integer", nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_ratings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_supply_demand_items_RequestId",
                table: "supply_demand_items",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_data_requests_CaseId",
                table: "portal_data_requests",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_data_requests_DepartmentOrganisationId_Outcome",
                table: "portal_data_requests",
                columns: new[] { "DepartmentOrganisationId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_data_requests_DivisionCode",
                table: "portal_data_requests",
                column: "DivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_portal_data_requests_RequesterUserId",
                table: "portal_data_requests",
                column: "RequesterUserId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_objections_CaseId",
                table: "portal_objections",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_portal_objections_EntryCode",
                table: "portal_objections",
                column: "EntryCode");

            migrationBuilder.CreateIndex(
                name: "IX_portal_objections_ProviderOrganisationId_Outcome",
                table: "portal_objections",
                columns: new[] { "ProviderOrganisationId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_portal_objections_UserId",
                table: "portal_objections",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_portal_ratings_EntryCode_UserId",
                table: "portal_ratings",
                columns: new[] { "EntryCode", "UserId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "portal_data_requests");

            migrationBuilder.DropTable(
                name: "portal_objections");

            migrationBuilder.DropTable(
                name: "portal_ratings");

            migrationBuilder.DropIndex(
                name: "IX_supply_demand_items_RequestId",
                table: "supply_demand_items");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "supply_demand_items");
        }
    }
}
