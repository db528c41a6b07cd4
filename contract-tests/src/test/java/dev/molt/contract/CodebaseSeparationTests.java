package dev.molt.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** OLD and NEW stand for two codebases: neither may use the other's code. */
class CodebaseSeparationTests {

    private static final JavaClasses SHOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.molt.oldcommand", "dev.molt.oldquery", "dev.molt.newcommand", "dev.molt.newquery");

    @Test
    void oldCodeNeverUsesNewCode() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.molt.oldcommand..", "dev.molt.oldquery..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.molt.newcommand..", "dev.molt.newquery..")
                .check(SHOP);
    }

    @Test
    void newCodeNeverUsesOldCode() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.molt.newcommand..", "dev.molt.newquery..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.molt.oldcommand..", "dev.molt.oldquery..")
                .check(SHOP);
    }

    @Test
    void commandAndQuerySidesAreSeparateApplications() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.molt.oldquery..", "dev.molt.newquery..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.molt.oldcommand..", "dev.molt.newcommand..")
                .check(SHOP);
    }
}
