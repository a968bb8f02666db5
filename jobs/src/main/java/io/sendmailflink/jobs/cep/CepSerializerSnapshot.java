package io.sendmailflink.jobs.cep;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * The snapshot of every {@link CepSerializer}: the serializer class, its wire format version and
 * config. Compatible as is when both match; after migration when the restored serializer can
 * still read the older format (Flink then reads the state with the old one and writes it with the
 * new one); else incompatible.
 */
public final class CepSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {

    private static final int VERSION = 1;

    private Class<?> serializerClass;
    private int format;
    private long config;

    /** For Flink's reflective instantiation when reading a snapshot. */
    public CepSerializerSnapshot() {
    }

    CepSerializerSnapshot(CepSerializer<T> s) {
        this.serializerClass = s.getClass();
        this.format = s.format();
        this.config = s.config();
    }

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
        out.writeUTF(serializerClass.getName());
        out.writeInt(format);
        out.writeLong(config);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException("unknown CepSerializerSnapshot version " + readVersion);
        }
        String name = in.readUTF();
        try {
            serializerClass = Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException e) {
            throw new IOException("serializer class " + name + " not found", e);
        }
        format = in.readInt();
        config = in.readLong();
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializer<T> restoreSerializer() {
        CepSerializer<T> prototype = (CepSerializer<T>) InstantiationUtil.instantiate(serializerClass);
        CepSerializer<T> s = prototype.restore(format, config);
        if (s == null) {
            throw new IllegalStateException(serializerClass.getName() + " cannot read its format " + format
                    + " any more");
        }
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> oldSnapshot) {
        if (!(oldSnapshot instanceof CepSerializerSnapshot)) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        CepSerializerSnapshot<T> old = (CepSerializerSnapshot<T>) oldSnapshot;
        if (old.serializerClass != serializerClass) {
            return TypeSerializerSchemaCompatibility.incompatible();
        }
        if (old.format == format && old.config == config) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        CepSerializer<T> current = (CepSerializer<T>) InstantiationUtil.instantiate(serializerClass);
        return current.restore(old.format, old.config) != null
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
    }

    /** The snapshot's serializer class (for tests and diagnostics). */
    public Class<?> serializerClass() {
        return serializerClass;
    }

    public int format() {
        return format;
    }
}
