package dev.molt.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementTests {

    @Test
    void statementsEndAtSemicolonsAndKeepTheLineTheyStartOn() {
        List<SqlStatement> statements = SqlStatement.split("-- header\nCREATE TABLE a (id INT);\n\nDROP\n TABLE b;\n");

        assertThat(statements)
                .containsExactly(new SqlStatement("CREATE TABLE a (id INT)", 2), new SqlStatement("DROP\n TABLE b", 4));
    }

    @Test
    void semicolonsInQuotesAndCommentsDoNotEndAStatement() {
        String script = "INSERT INTO a VALUES ('x;y', \"it''s;\", 'a\\'b;');\n"
                + "# a hash comment; still a comment\n"
                + "/* a block;\n comment */ UPDATE a SET `odd;name` = 1; -- trailing; comment\n"
                + "SELECT 1";

        List<SqlStatement> statements = SqlStatement.split(script);

        assertThat(statements).extracting(SqlStatement::line).containsExactly(1, 4, 5);
        assertThat(statements.get(0).sql()).isEqualTo("INSERT INTO a VALUES ('x;y', \"it''s;\", 'a\\'b;')");
        assertThat(statements.get(1).sql()).isEqualTo("UPDATE a SET `odd;name` = 1");
        assertThat(statements.get(2).sql()).isEqualTo("SELECT 1");
    }

    @Test
    void aScriptOfCommentsHasNoStatements() {
        assertThat(SqlStatement.split("-- nothing\n/* at all */\n# here\n")).isEmpty();
    }
}
