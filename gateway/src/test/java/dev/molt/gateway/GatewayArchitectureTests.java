package dev.molt.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway's package rules, checked on the compiled classes: no package cycle, the Spring Cloud
 * Gateway adapters ({@code scg}) apart from the rules they apply, the core packages (routing,
 * consistency, fence, cutover, clients, replication) free of Spring Cloud Gateway and Netty, and
 * {@code admin} a leaf nothing else depends on.
 */
class GatewayArchitectureTests {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.molt.gateway");

    @Test
    void packagesFormNoCycle() {
        slices().matching("dev.molt.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void corePackagesHoldNoSpringCloudGatewayOrNettyCode() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.molt.gateway.routing..",
                        "dev.molt.gateway.consistency..",
                        "dev.molt.gateway.fence..",
                        "dev.molt.gateway.cutover..",
                        "dev.molt.gateway.clients..",
                        "dev.molt.gateway.replication..",
                        "dev.molt.gateway.traffic..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.cloud.gateway..", "io.netty..", "reactor.netty..")
                .check(GATEWAY);
    }

    @Test
    void nothingButTheApplicationDependsOnTheSpringCloudGatewayAdapters() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.molt.gateway.scg..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.molt.gateway.scg..")
                .check(GATEWAY);
    }

    @Test
    void nothingButTheAdminApiDependsOnIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.molt.gateway.admin..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.molt.gateway.admin..")
                .check(GATEWAY);
    }
}
