package org.cycler.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module map of DESIGN section 1 as rules over the product's classes: dependencies point one
 * way ({@code cli -> {station, grades, reports, bench, emulator} -> core -> hal}), nothing above the
 * HAL reaches past the {@code Cycler} contract into a driver, and no two packages depend on each
 * other. This module sees every other one, so the rules are checked here.
 */
class LayeringTest {

    /** The packages that hold one driver each: only the HAL, the emulators and the benchmarks of a driver see them. */
    private static final String[] DRIVERS = {
        "org.cycler.hal.scpi..", "org.cycler.hal.macnet..", "org.cycler.hal.smu..", "org.cycler.hal.modbus..",
    };

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.cycler");
    }

    @Test
    void dependenciesPointOneWayFromTheCommandsToTheHardwareBoundary() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("org.cycler.cli..")
                .layer("station").definedBy("org.cycler.station..")
                .layer("bench").definedBy("org.cycler.bench..")
                .layer("grades").definedBy("org.cycler.grades..")
                .layer("reports").definedBy("org.cycler.reports..")
                .layer("emulator").definedBy("org.cycler.emulator..")
                .layer("core").definedBy("org.cycler.core..")
                .layer("hal").definedBy("org.cycler.hal..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("station").mayOnlyBeAccessedByLayers("cli", "bench")
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("grades").mayOnlyBeAccessedByLayers("cli", "station", "bench")
                .whereLayer("reports").mayOnlyBeAccessedByLayers("cli", "station", "bench")
                .whereLayer("emulator").mayOnlyBeAccessedByLayers("cli", "bench")
                .whereLayer("core").mayOnlyBeAccessedByLayers("cli", "station", "bench", "grades", "reports")
                .whereLayer("hal").mayOnlyBeAccessedByLayers("cli", "station", "bench", "grades", "reports", "emulator", "core")
                .allowEmptyShould(true)
                .check(product);
    }

    @Test
    void nothingAboveTheHalReachesPastTheContractIntoADriver() {
        noClasses().that().resideInAnyPackage("org.cycler.core..", "org.cycler.reports..", "org.cycler.grades..",
                        "org.cycler.station..", "org.cycler.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(DRIVERS)
                .because("callers connect through org.cycler.hal.drivers.Drivers and see only the Cycler contract")
                .check(product);
    }

    @Test
    void theCoreKnowsNothingOfHttpSqlOrCharts() {
        noClasses().that().resideInAPackage("org.cycler.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "com.sun.net.httpserver..",
                        "io.javalin..", "org.eclipse.jetty..", "org.jfree..", "org.flywaydb..", "com.zaxxer..")
                .check(product);
    }

    @Test
    void onlyTheStoreParsesTheFilesOfARunDirectory() {
        noClasses().that().resideOutsideOfPackage("org.cycler.core.store..")
                .should().dependOnClassesThat().haveFullyQualifiedName("org.apache.commons.csv.CSVParser")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.commons.csv.CSVRecord")
                .because("org.cycler.core.store.RunReader is the one reader of a run directory (DESIGN section 1)")
                .check(product);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        slices().matching("org.cycler.(**)").should().beFreeOfCycles().check(product);
    }
}
