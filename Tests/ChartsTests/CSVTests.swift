import Testing
@testable import Charts

@Suite("CSV (RFC 4180)")
struct CSVTests {
    @Test func quotingFollowsRFC4180() {
        #expect(CSV.quote("plain") == "plain")
        #expect(CSV.quote("a,b") == "\"a,b\"")
        #expect(CSV.quote("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.quote("two\nlines") == "\"two\nlines\"")
        #expect(CSV.quote("cr\r") == "\"cr\r\"")
    }

    @Test func numbersRoundTripAndTableRenders() {
        var table = DataTable(columns: ["model", "base", "layers", "ok", "note"])
        table.append([.text("Llama, 3.1"), .number(0.1), .integer(32), .bool(true), .empty])
        table.append([.text("x"), .number(1e-5), .integer(-1), .bool(false), .number(.nan)])
        table.append([.text("y"), .number(100000000000.0), .integer(0), .bool(false), .number(-.infinity)])
        let text = CSV.render(table)
        #expect(text == """
            model,base,layers,ok,note
            "Llama, 3.1",0.1,32,true,
            x,1e-05,-1,false,nan
            y,100000000000.0,0,false,-inf

            """)
        for x in [0.1, 1.0 / 3.0, 6.02214076e23, Double.leastNonzeroMagnitude, 2.0.squareRoot()] {
            #expect(Double(Cell.number(x).plain) == x)
        }
    }
}
