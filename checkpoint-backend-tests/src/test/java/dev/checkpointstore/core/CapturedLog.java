package dev.checkpointstore.core;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Records what one class logs while it is open, for tests that assert on what it logs.
 */
public final class CapturedLog implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(Class<?> type) {
        this.logger = (Logger) LoggerFactory.getLogger(type);
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Starts recording a class's log.
     *
     * @param type the class whose logger to record
     * @return the recording; close it to stop
     */
    public static CapturedLog of(Class<?> type) {
        return new CapturedLog(type);
    }

    /**
     * The WARN messages so far, formatted.
     *
     * @return the messages, oldest first
     */
    public List<String> warnings() {
        return messages(Level.WARN);
    }

    /**
     * The messages logged at one level so far, formatted.
     *
     * @param level the level
     * @return the messages, oldest first
     */
    public List<String> messages(Level level) {
        return appender.list.stream().filter(event -> event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
