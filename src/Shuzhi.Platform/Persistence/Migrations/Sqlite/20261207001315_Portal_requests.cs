using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "portal_data_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequesterUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RequesterOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DepartmentOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DepartmentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    BureauOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BureauName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Routing = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RoutedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DatasetCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_data_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_objections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DataVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Rows = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_portal_objections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "portal_ratings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stars = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
