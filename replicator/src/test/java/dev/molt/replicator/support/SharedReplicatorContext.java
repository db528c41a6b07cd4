package dev.molt.replicator.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The replicator application without a web server over the OLD and NEW databases of {@link
 * SharedShop}: every test class with this annotation has the same configuration, so Spring starts
 * one context (and one pair of databases) for all of them. Each class leaves the pipelines stopped
 * and the databases' schemas as it found them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ContextConfiguration(initializers = SharedShop.class)
public @interface SharedReplicatorContext {}
