using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Sharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "raw_field_grants");

            migrationBuilder.CreateTable(
                name: "data_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "text", nullable: false),
                    GranteeOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    GranteeName = table.Column<string>(type: "text", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    GrantedBy = table.Column<string>(type: "text", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedBy = table.Column<string>(type: "text", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokeReason = table.Column<string>(type: "text", nullable: true),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Purpose = table.Column<string>(type: "text", nullable: true),
                    RowFilter = table.Column<string>(type: "text", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Delivery = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    FirstDeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "text", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderName = table.Column<string>(type: "text", nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    BureauOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DelegateOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerName = table.Column<string>(type: "text", nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    ApplicantUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicantName = table.Column<string>(type: "text", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    LegalBasis = table.Column<string>(type: "text", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    RowFilter = table.Column<string>(type: "text", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    Delivery = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReviewReasons = table.Column<string>(type: "text", nullable: true),
                    ReplyText = table.Column<string>(type: "text", nullable: true),
                    ObjectionText = table.Column<string>(type: "text", nullable: true),
                    NegotiationText = table.Column<string>(type: "text", nullable: true),
                    DecisionText = table.Column<string>(type: "text", nullable: true),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "supply_demand_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerName = table.Column<string>(type: "text", nullable: false),
                    ConsumerDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderName = table.Column<string>(type: "text", nullable: true),
                    DivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    State = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Progress = table.Column<string>(type: "text", nullable: true),
                    Resolution = table.Column<string>(type: "text", nullable: true),
                    ResolvedBy = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supply_demand_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    QualityRating = table.Column<int>(type: "integer", nullable: false),
                    Quality = table.Column<string>(type: "text", nullable: false),
                    Usage = table.Column<string>(type: "text", nullable: false),
                    Results = table.Column<string>(type: "text", nullable: false),
                    SubmittedBy = table.Column<string>(type: "text", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_data_grants_EntryId_GranteeOrganisationId",
                table: "data_grants",
                columns: new[] { "EntryId", "GranteeOrganisationId" });

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
                name: "supply_demand_items");

            migrationBuilder.DropTable(
                name: "usage_feedback");

            migrationBuilder.CreateTable(
                name: "raw_field_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "text", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrantedBy = table.Column<string>(type: "text", nullable: false),
                    GranteeName = table.Column<string>(type: "text", nullable: false),
                    GranteeOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "text", nullable: true)
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
