using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Portal_conditional : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "GranteeUserId",
                table: "data_grants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "open_applications",
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
                    ApplicantUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantName = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicantOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReviewReasons = table.Column<string>(type: "TEXT", nullable: true),
                    ReplyText = table.Column<string>(type: "TEXT", nullable: true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_applications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_grants_GranteeUserId",
                table: "data_grants",
                column: "GranteeUserId");

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_ApplicantUserId_State",
                table: "open_applications",
                columns: new[] { "ApplicantUserId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_BureauOrganisationId_State",
                table: "open_applications",
                columns: new[] { "BureauOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_CaseId",
                table: "open_applications",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_EntryId",
                table: "open_applications",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_Number",
                table: "open_applications",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_open_applications_ProviderOrganisationId_State",
                table: "open_applications",
                columns: new[] { "ProviderOrganisationId", "State" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "open_applications");

            migrationBuilder.DropIndex(
                name: "IX_data_grants_GranteeUserId",
                table: "data_grants");

            migrationBuilder.DropColumn(
                name: "GranteeUserId",
                table: "data_grants");
        }
    }
}
