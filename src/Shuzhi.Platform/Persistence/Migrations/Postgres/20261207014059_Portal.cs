using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Portal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RequestId",
                table: "supply_demand_items",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "GranteeUserId",
                table: "data_grants",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "community_datasets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmitterId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmitterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Licence = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Encoding = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    ColumnsJson = table.Column<string>(type: "text", nullable: false),
                    PreviewJson = table.Column<string>(type: "text", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_community_datasets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_community_datasets_users_SubmitterId",
                        column: x => x.SubmitterId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "open_applications",
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
                    ApplicantUserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicantName = table.Column<string>(type: "text", nullable: false),
                    ApplicantOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "text", nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReviewReasons = table.Column<string>(type: "text", nullable: true),
                    ReplyText = table.Column<string>(type: "text", nullable: true),
                    GrantId = table.Column<Guid>(type: "uuid", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_applications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "open_flag_settings",
                columns: table => new
                {
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    MinRows = table.Column<long>(type: "bigint", nullable: false),
                    MinFields = table.Column<int>(type: "integer", nullable: false),
                    SetBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_flag_settings", x => x.DivisionCode);
                });

            migrationBuilder.CreateTable(
                name: "open_notices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DatasetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Link = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MailPending = table.Column<bool>(type: "boolean", nullable: false),
                    MailAttempts = table.Column<int>(type: "integer", nullable: false),
                    MailedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_open_notices_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "open_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ItemsJson = table.Column<string>(type: "text", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnRemark = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "open_sensitive_findings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    DataVersion = table.Column<int>(type: "integer", nullable: false),
                    Field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    Example = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_sensitive_findings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "open_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Target = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    DatasetCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Domain = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ProviderCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Label = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SeenOpen = table.Column<bool>(type: "boolean", nullable: false),
                    SeenCatalogueVersion = table.Column<int>(type: "integer", nullable: true),
                    SeenDataVersion = table.Column<int>(type: "integer", nullable: true),
                    SeenCodes = table.Column<string>(type: "text", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_subscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_open_subscriptions_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "open_usage_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_open_usage_counts", x => new { x.Day, x.EntryCode, x.Kind });
                });

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

            migrationBuilder.CreateTable(
                name: "showcase_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmitterId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmitterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DatasetCodes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_showcase_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_showcase_items_users_SubmitterId",
                        column: x => x.SubmitterId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_supply_demand_items_RequestId",
                table: "supply_demand_items",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_grants_GranteeUserId",
                table: "data_grants",
                column: "GranteeUserId");

            migrationBuilder.CreateIndex(
                name: "IX_community_datasets_State_SubmittedAt",
                table: "community_datasets",
                columns: new[] { "State", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_community_datasets_SubmitterId",
                table: "community_datasets",
                column: "SubmitterId");

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

            migrationBuilder.CreateIndex(
                name: "IX_open_notices_MailPending",
                table: "open_notices",
                column: "MailPending");

            migrationBuilder.CreateIndex(
                name: "IX_open_notices_SubscriptionId_Key",
                table: "open_notices",
                columns: new[] { "SubscriptionId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_open_notices_UserId_ReadAt",
                table: "open_notices",
                columns: new[] { "UserId", "ReadAt" });

            migrationBuilder.CreateIndex(
                name: "IX_open_plans_DivisionCode_Year",
                table: "open_plans",
                columns: new[] { "DivisionCode", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_open_plans_OrganisationId_Year",
                table: "open_plans",
                columns: new[] { "OrganisationId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_open_sensitive_findings_EntryCode",
                table: "open_sensitive_findings",
                column: "EntryCode");

            migrationBuilder.CreateIndex(
                name: "IX_open_sensitive_findings_ProviderDivisionCode",
                table: "open_sensitive_findings",
                column: "ProviderDivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_open_subscriptions_UserId_Target",
                table: "open_subscriptions",
                columns: new[] { "UserId", "Target" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_open_usage_counts_EntryCode",
                table: "open_usage_counts",
                column: "EntryCode");

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

            migrationBuilder.CreateIndex(
                name: "IX_showcase_items_State_SubmittedAt",
                table: "showcase_items",
                columns: new[] { "State", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_showcase_items_SubmitterId",
                table: "showcase_items",
                column: "SubmitterId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_datasets");

            migrationBuilder.DropTable(
                name: "open_applications");

            migrationBuilder.DropTable(
                name: "open_flag_settings");

            migrationBuilder.DropTable(
                name: "open_notices");

            migrationBuilder.DropTable(
                name: "open_plans");

            migrationBuilder.DropTable(
                name: "open_sensitive_findings");

            migrationBuilder.DropTable(
                name: "open_subscriptions");

            migrationBuilder.DropTable(
                name: "open_usage_counts");

            migrationBuilder.DropTable(
                name: "portal_data_requests");

            migrationBuilder.DropTable(
                name: "portal_objections");

            migrationBuilder.DropTable(
                name: "portal_ratings");

            migrationBuilder.DropTable(
                name: "showcase_items");

            migrationBuilder.DropIndex(
                name: "IX_supply_demand_items_RequestId",
                table: "supply_demand_items");

            migrationBuilder.DropIndex(
                name: "IX_data_grants_GranteeUserId",
                table: "data_grants");

            migrationBuilder.DropColumn(
                name: "RequestId",
                table: "supply_demand_items");

            migrationBuilder.DropColumn(
                name: "GranteeUserId",
                table: "data_grants");
        }
    }
}
