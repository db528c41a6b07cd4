package dev.molt.replicator.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** The OLD and NEW databases of the {@link SharedReplicatorContext}, created once per test JVM. */
public final class SharedShop implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static ShopDatabases databases;

    /** The shared databases, created and migrated on first use. */
    public static synchronized ShopDatabases databases() {
        if (databases == null) {
            databases = ShopDatabases.create("shared");
        }
        return databases;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(databases().arguments().stream()
                        .map(argument -> argument.substring(2))
                        .toList())
                .applyTo(context);
    }
}
