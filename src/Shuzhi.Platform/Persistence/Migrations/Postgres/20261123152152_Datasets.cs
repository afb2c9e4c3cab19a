using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Datasets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "data_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Mode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Storage = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    StoreKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CatalogueVersion = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    FileBytes = table.Column<long>(type: "bigint", nullable: false),
                    FileSm3 = table.Column<string>(type: "text", nullable: true),
                    DetectionJson = table.Column<string>(type: "text", nullable: true),
                    SchemaJson = table.Column<string>(type: "text", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    GatePassed = table.Column<bool>(type: "boolean", nullable: false),
                    ReportJson = table.Column<string>(type: "text", nullable: true),
                    LoadedBy = table.Column<string>(type: "text", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LoaderProcess = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    PublishedBy = table.Column<string>(type: "text", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    GateOverrideBy = table.Column<string>(type: "text", nullable: true),
                    GateOverrideReason = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "datasets",
                columns: table => new
                {
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderDivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    PublishedVersion = table.Column<int>(type: "integer", nullable: true),
                    LastVersion = table.Column<int>(type: "integer", nullable: false),
                    MaskOverridesJson = table.Column<string>(type: "text", nullable: false),
                    LastPublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_datasets", x => x.EntryId);
                });

            migrationBuilder.CreateTable(
                name: "quality_thresholds",
                columns: table => new
                {
                    DivisionCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    SetBy = table.Column<string>(type: "text", nullable: false),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_thresholds", x => x.DivisionCode);
                });

            migrationBuilder.CreateTable(
                name: "raw_field_grants",
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
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_raw_field_grants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_data_versions_EntryId_Number",
                table: "data_versions",
                columns: new[] { "EntryId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_versions_State",
                table: "data_versions",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_datasets_EntryCode",
                table: "datasets",
                column: "EntryCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_raw_field_grants_EntryId_GranteeOrganisationId",
                table: "raw_field_grants",
                columns: new[] { "EntryId", "GranteeOrganisationId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_versions");

            migrationBuilder.DropTable(
                name: "datasets");

            migrationBuilder.DropTable(
                name: "quality_thresholds");

            migrationBuilder.DropTable(
                name: "raw_field_grants");
        }
    }
}
