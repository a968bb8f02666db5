package io.sendmailflink.jobs.cep;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Base of the hand-written serializers of the CEP records and states (see {@link CepSerializers}):
 * no reflection, a presence mask instead of a null flag per field, strings in bulk ({@link Wire}).
 * Each serializer has a wire {@link #format()} version and a {@link #config()} (the view of a
 * narrowed stream); both go into its {@link CepSerializerSnapshot}, so a savepoint restores with
 * the serializer that wrote it and a later format can declare how to migrate.
 *
 * <p>Stateful (scratch buffers): {@link #duplicate()} gives a new instance, as Flink requires.
 */
public abstract class CepSerializer<T> extends TypeSerializer<T> {

    private static final long serialVersionUID = 1L;

    private transient Wire wire;

    protected final Wire wire() {
        Wire w = wire;
        if (w == null) {
            w = new Wire();
            wire = w;
        }
        return w;
    }

    /** The wire format this instance writes (and reads). */
    public abstract int format();

    /** Settings that change the wire content (a stream view); 0 when none. */
    public long config() {
        return 0;
    }

    /**
     * The serializer for a snapshot's format and config, or null if this class cannot read that
     * format any more.
     */
    protected abstract CepSerializer<T> restore(int format, long config);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return restore(format(), config());
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new CepSerializerSnapshot<>(this);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((CepSerializer<?>) o).format() == format()
                && ((CepSerializer<?>) o).config() == config();
    }

    @Override
    public int hashCode() {
        return getClass().getName().hashCode() * 31 + Long.hashCode(config()) + format();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{format=" + format() + ", config=" + config() + "}";
    }
}
