using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Shuzhi.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditDropPreviousHashIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_records_PreviousHash",
                table: "audit_records");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_audit_records_PreviousHash",
                table: "audit_records",
                column: "PreviousHash",
                unique: true);
        }
    }
}
