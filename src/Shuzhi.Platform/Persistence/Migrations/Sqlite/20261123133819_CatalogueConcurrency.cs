using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogueConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "catalogue_source_conflicts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "catalogue_entries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "catalogue_changes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_source_conflicts_ItemCode_EntryId_OtherEntryId",
                table: "catalogue_source_conflicts",
                columns: new[] { "ItemCode", "EntryId", "OtherEntryId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_catalogue_source_conflicts_ItemCode_EntryId_OtherEntryId",
                table: "catalogue_source_conflicts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "catalogue_source_conflicts");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "catalogue_entries");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "catalogue_changes");
        }
    }
}
