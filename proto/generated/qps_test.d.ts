import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace qps_test. */
export namespace qps_test {

    /**
     * Properties of an EchoMessage.
     * @deprecated Use qps_test.EchoMessage.$Properties instead.
     */
    interface IEchoMessage extends qps_test.EchoMessage.$Properties {
    }

    /** Represents an EchoMessage. */
    class EchoMessage {

        /**
         * Constructs a new EchoMessage.
         * @param [properties] Properties to set
         */
        constructor(properties?: qps_test.EchoMessage.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** EchoMessage content. */
        content: string;

        /** EchoMessage id. */
        id: number;

        /**
         * Creates a new EchoMessage instance using the specified properties.
         * @param [properties] Properties to set
         * @returns EchoMessage instance
         */
        static create(properties: qps_test.EchoMessage.$Shape): qps_test.EchoMessage & qps_test.EchoMessage.$Shape;
        static create(properties?: qps_test.EchoMessage.$Properties): qps_test.EchoMessage;

        /**
         * Encodes the specified EchoMessage message. Does not implicitly {@link qps_test.EchoMessage.verify|verify} messages.
         * @param message EchoMessage message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: qps_test.EchoMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an EchoMessage message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {qps_test.EchoMessage & qps_test.EchoMessage.$Shape} EchoMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): qps_test.EchoMessage & qps_test.EchoMessage.$Shape;

        /**
         * Gets the type url for EchoMessage
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace EchoMessage {

        /** Properties of an EchoMessage. */
        interface $Properties {

            /** EchoMessage content */
            content?: (string|null);

            /** EchoMessage id */
            id?: (number|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an EchoMessage. */
        type $Shape = qps_test.EchoMessage.$Properties;
    }
}
