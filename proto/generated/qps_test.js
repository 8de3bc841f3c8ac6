/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const qps_test = $root.qps_test = (() => {

    /**
     * Namespace qps_test.
     * @exports qps_test
     * @namespace
     */
    const qps_test = {};

    qps_test.EchoMessage = (function() {

        /**
         * Properties of an EchoMessage.
         * @typedef {Object} qps_test.EchoMessage.$Properties
         * @property {string|null} [content] EchoMessage content
         * @property {number|null} [id] EchoMessage id
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an EchoMessage.
         * @memberof qps_test
         * @interface IEchoMessage
         * @augments qps_test.EchoMessage.$Properties
         * @deprecated Use qps_test.EchoMessage.$Properties instead.
         */

        /**
         * Shape of an EchoMessage.
         * @typedef {qps_test.EchoMessage.$Properties} qps_test.EchoMessage.$Shape
         */

        /**
         * Constructs a new EchoMessage.
         * @memberof qps_test
         * @classdesc Represents an EchoMessage.
         * @constructor
         * @param {qps_test.EchoMessage.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const EchoMessage = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * EchoMessage content.
         * @member {string} content
         * @memberof qps_test.EchoMessage
         * @instance
         */
        EchoMessage.prototype.content = "";

        /**
         * EchoMessage id.
         * @member {number} id
         * @memberof qps_test.EchoMessage
         * @instance
         */
        EchoMessage.prototype.id = 0;

        /**
         * Creates a new EchoMessage instance using the specified properties.
         * @function create
         * @memberof qps_test.EchoMessage
         * @static
         * @param {qps_test.EchoMessage.$Properties=} [properties] Properties to set
         * @returns {qps_test.EchoMessage} EchoMessage instance
         * @type {{
         *   (properties: qps_test.EchoMessage.$Shape): qps_test.EchoMessage & qps_test.EchoMessage.$Shape;
         *   (properties?: qps_test.EchoMessage.$Properties): qps_test.EchoMessage;
         * }}
         */
        EchoMessage.create = function(properties) {
            return new EchoMessage(properties);
        };

        /**
         * Encodes the specified EchoMessage message. Does not implicitly {@link qps_test.EchoMessage.verify|verify} messages.
         * @function encode
         * @memberof qps_test.EchoMessage
         * @static
         * @param {qps_test.EchoMessage.$Properties} message EchoMessage message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        EchoMessage.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.content != null && $Object.hasOwnProperty.call(message, "content") && message.content !== "")
                writer.uint32(/* id 1, wireType 2 =*/10).string(message.content);
            if (message.id != null && $Object.hasOwnProperty.call(message, "id") && message.id !== 0)
                writer.uint32(/* id 2, wireType 0 =*/16).int32(message.id);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an EchoMessage message from the specified reader or buffer.
         * @function decode
         * @memberof qps_test.EchoMessage
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {qps_test.EchoMessage & qps_test.EchoMessage.$Shape} EchoMessage
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        EchoMessage.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message, value;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.qps_test.EchoMessage();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        if ((value = reader.stringVerify()).length)
                            message.content = value;
                        else
                            delete message.content;
                        continue;
                    }
                case 2: {
                        if (wireType !== 0)
                            break;
                        if (value = reader.int32())
                            message.id = value;
                        else
                            delete message.id;
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for EchoMessage
         * @function getTypeUrl
         * @memberof qps_test.EchoMessage
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        EchoMessage.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/qps_test.EchoMessage";
        };

        return EchoMessage;
    })();

    return qps_test;
})();

export {
  $root as default
};
