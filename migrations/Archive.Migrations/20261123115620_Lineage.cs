using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Archive.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Lineage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fingerprint_keys",
                columns: table => new
                {
                    key = table.Column<long>(type: "bigint", nullable: false),
                    article_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_fingerprint_keys", x => new { x.key, x.article_id });
                    table.ForeignKey(
                        name: "fk_fingerprint_keys_articles_article_id",
                        column: x => x.article_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lineage_links",
                columns: table => new
                {
                    republication_id = table.Column<Guid>(type: "uuid", nullable: false),
                    derived_from_id = table.Column<Guid>(type: "uuid", nullable: false),
                    origin_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    similarity = table.Column<double>(type: "double precision", nullable: false),
                    containment = table.Column<double>(type: "double precision", nullable: false),
                    source_coverage = table.Column<double>(type: "double precision", nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    diff = table.Column<string>(type: "jsonb", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lineage_links", x => x.republication_id);
                    table.ForeignKey(
                        name: "fk_lineage_links_articles_derived_from_id",
                        column: x => x.derived_from_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_lineage_links_articles_origin_id",
                        column: x => x.origin_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_lineage_links_articles_republication_id",
                        column: x => x.republication_id,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "story_pairs",
                columns: table => new
                {
                    article_a = table.Column<Guid>(type: "uuid", nullable: false),
                    article_b = table.Column<Guid>(type: "uuid", nullable: false),
                    similarity = table.Column<double>(type: "double precision", nullable: false),
                    containment_of_a_in_b = table.Column<double>(type: "double precision", nullable: false),
                    containment_of_b_in_a = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_story_pairs", x => new { x.article_a, x.article_b });
                    table.CheckConstraint("ck_story_pairs_ordered", "article_a < article_b");
                    table.ForeignKey(
                        name: "fk_story_pairs_articles_article_a",
                        column: x => x.article_a,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_story_pairs_articles_article_b",
                        column: x => x.article_b,
                        principalTable: "articles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_fingerprint_keys_article_id",
                table: "fingerprint_keys",
                column: "article_id");

            migrationBuilder.CreateIndex(
                name: "ix_lineage_links_derived_from_id",
                table: "lineage_links",
                column: "derived_from_id");

            migrationBuilder.CreateIndex(
                name: "ix_lineage_links_kind",
                table: "lineage_links",
                column: "kind");

            migrationBuilder.CreateIndex(
                name: "ix_lineage_links_origin_id",
                table: "lineage_links",
                column: "origin_id");

            migrationBuilder.CreateIndex(
                name: "ix_story_pairs_article_b",
                table: "story_pairs",
                column: "article_b");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fingerprint_keys");

            migrationBuilder.DropTable(
                name: "lineage_links");

            migrationBuilder.DropTable(
                name: "story_pairs");
        }
    }
}
