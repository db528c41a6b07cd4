package dev.molt.replicator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replicator's package structure as rules: who may depend on whom. */
class ReplicatorArchitectureTests {

    private static JavaClasses replicator;

    @BeforeAll
    static void importMainClasses() {
        replicator = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.molt.replicator");
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("dev.molt.replicator.(*)..").should().beFreeOfCycles().check(replicator);
    }

    @Test
    void mappingDependsOnNothingOfMolts() {
        noClasses()
                .that()
                .resideInAPackage("dev.molt.replicator.mapping..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.molt.replicator.api..",
                        "dev.molt.replicator.apply..",
                        "dev.molt.replicator.capture..",
                        "dev.molt.replicator.config..",
                        "dev.molt.replicator.pipeline..",
                        "dev.molt.replicator.snapshot..",
                        "dev.molt.replicator.transport..",
                        "dev.molt.replicator.verify..")
                .check(replicator);
    }

    @Test
    void apiReachesTheReplicationOnlyThroughThePipeline() {
        noClasses()
                .that()
                .resideInAPackage("dev.molt.replicator.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.molt.replicator.apply..",
                        "dev.molt.replicator.capture..",
                        "dev.molt.replicator.mapping..",
                        "dev.molt.replicator.snapshot..",
                        "dev.molt.replicator.transport..")
                .check(replicator);
    }

    @Test
    void configurationDependsOnNothingOfMolts() {
        noClasses()
                .that()
                .resideInAPackage("dev.molt.replicator.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.molt.replicator.api..",
                        "dev.molt.replicator.apply..",
                        "dev.molt.replicator.capture..",
                        "dev.molt.replicator.mapping..",
                        "dev.molt.replicator.pipeline..",
                        "dev.molt.replicator.snapshot..",
                        "dev.molt.replicator.transport..",
                        "dev.molt.replicator.verify..")
                .check(replicator);
    }

    @Test
    void onlyThePipelineOrchestratesTheParts() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.molt.replicator.apply..",
                        "dev.molt.replicator.capture..",
                        "dev.molt.replicator.snapshot..",
                        "dev.molt.replicator.transport..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.molt.replicator.pipeline..", "dev.molt.replicator.api..")
                .check(replicator);
    }
}
